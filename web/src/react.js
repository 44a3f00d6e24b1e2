// The React bindings (`cookiegate/react`): hooks and a component over the same API
// singleton as `cookiegate` (./index.js stays an import of its own, so an app that
// imports both gets one runtime). React is a peer dependency, never bundled.
import { createElement, Fragment, useSyncExternalStore } from 'react';

import { get, isAllowed, on } from './index.js';

// Every new core state is announced by 'state'; on() returns the unsubscribe.
const subscribe = (onChange) => on('state', onChange);
const nothing = () => null;
const no = () => false;

/** The consent snapshot (the same frozen object until the state changes); null
 *  before init() and during server rendering. */
export function useConsent() {
  return useSyncExternalStore(subscribe, get, nothing);
}

/** Whether the core allows `category` (and its `service`), re-rendering on change;
 *  false during server rendering. */
export function useAllowed(category, service) {
  return useSyncExternalStore(subscribe, () => isAllowed(category, service), no);
}

/** Renders its children only while `category` (and `service`) is allowed, else
 *  `fallback` (default nothing): gated markup for JSX.
 *  @param {import('../types/react.js').ConsentProps} props */
export function Consent({ category, service, fallback = null, children }) {
  return createElement(Fragment, null, useAllowed(category, service) ? children : fallback);
}
