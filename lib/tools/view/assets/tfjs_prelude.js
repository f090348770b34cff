/**
 * Loaded just before tf.min.js, so that tfjs runs under a CSP without 'unsafe-eval'. The
 * regenerator-runtime bundled in tf.min.js 4.22 assigns the global `regeneratorRuntime` and,
 * when that throws (its bundle runs in strict mode, where an undeclared global cannot be
 * assigned), falls back to Function("r", "regeneratorRuntime = r"), which the CSP refuses,
 * and tfjs fails to load (tensorflow/tfjs#7554, facebook/regenerator#336). With the global
 * declared here the assignment succeeds and no string is evaluated.
 */
globalThis.regeneratorRuntime = undefined;
