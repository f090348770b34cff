// What `@tensorflow/tfjs` means inside the explorer's browser bundle (bundle_imports.json):
// the global `tf` that /assets/tf.min.js defines, so lib/ modules that import tfjs run on
// the page's one copy of it.
module.exports = globalThis.tf;
