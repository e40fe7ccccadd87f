// Options of the in-process bench scripts (`--peers 5000`, `--skip-validate`), one reader for all.

const given = process.argv.slice(2);

/** The number after `--name` on the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = given.indexOf(`--${name}`);
  return i >= 0 ? Number(given[i + 1]) : fallback;
}

/** Whether `--name` is on the command line. */
export const flag = (name: string): boolean => given.includes(`--${name}`);
