// Generated at build time by ../build-suite.mjs: every suite/**/*.test.ts as a lazy import.
declare module 'wgls:vscode-test-files' {
  export const testFiles: ReadonlyArray<{ readonly name: string; load(): Promise<unknown> }>;
}
