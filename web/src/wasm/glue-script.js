// The script-tag bundle's way to the glue (see ./glue.js). A classic script loaded
// from another origin without CORS (a CDN) has about:blank as the base URL of its
// import(), so the URL is made absolute from the script's own.
export default (moduleArg) => import(new URL('./cookiegate-core.js', import.meta.url).href)
  .then((glue) => glue.default(moduleArg));
