// The one JS reading of a core state, shared by the browser runtime and the server
// entry: it only looks up the core's own `allowed` flags, it decides nothing.

/**
 * What is wrong with the names isAllowed(category, service) was asked about `state`: a
 * category, or a service of it, that the state does not list, said with the ids there
 * are (a misspelt name is false without a word); '' when both exist.
 */
export function misnamed(state, category, service) {
  const ids = (list) => `(${list.map((x) => x.id).join(', ') || 'none'})`;
  const c = state.categories.find((x) => x.id === category);
  return !c ? `isAllowed("${category}"): no such category ${ids(state.categories)}`
    : service && !c.services.some((v) => v.id === service)
      ? `isAllowed("${category}", "${service}"): no such service in "${category}" ${ids(c.services)}` : '';
}

/**
 * Whether `state` allows `category` (and, when given, its `service`): only a category
 * the state lists as allowed, and only a service listed in it as allowed. Anything
 * unknown, a failed state or something that is not a state is false.
 */
export function isAllowed(state, category, service) {
  const find = (list, id) => (Array.isArray(list) ? list.find((x) => x && x.id === id) : null);
  const cat = state && !state.failed && find(state.categories, category);
  if (!cat || cat.allowed !== true) return false;
  if (service == null || service === '') return true;
  const svc = find(cat.services, service);
  return !!svc && svc.allowed === true;
}
