// One version string for the server's initialize result, the CLI and SARIF output.
export const SERVER_VERSION = '0.1.0';
