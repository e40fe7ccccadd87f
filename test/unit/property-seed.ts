// fast-check's seed for the property tests (each imports this module first). On a developer's machine
// a new seed every run, so the properties keep exploring (a failure prints its seed and path); under
// CI a fixed one, so a commit's verdict does not depend on the draw: a run of random cases once failed
// CI on a bug the change under test had nothing to do with. WGLS_PROPERTY_SEED replays a seed;
// WGLS_PROPERTY_RUNS sets the number of runs (each test has its own default).

import fc from 'fast-check';

const given = process.env.WGLS_PROPERTY_SEED;
const ci = process.env.CI !== undefined && !/^(0|false|)$/i.test(process.env.CI);
if (given !== undefined && given !== '') fc.configureGlobal({ seed: Number(given) });
else if (ci) fc.configureGlobal({ seed: 20261205 });

/** The seed fast-check was given here (undefined: a new one per run), as the property tests see it. */
export const configuredSeed = (): number | undefined => fc.readConfigureGlobal().seed;
