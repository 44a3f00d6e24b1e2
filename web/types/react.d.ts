// Hand-written types of `cookiegate/react` (web/src/react.js). React >= 18 is a peer
// dependency; its types come from @types/react.
import type { ReactNode } from 'react';
import type { Consent } from './index.js';

/** The consent snapshot, re-rendering on every change; null before init() and on the server. */
export function useConsent(): Consent | null;
/** Whether `category` (and its `service`) is allowed now; false on the server. */
export function useAllowed(category: string, service?: string): boolean;

export interface ConsentProps {
  category: string;
  service?: string;
  /** Rendered while not allowed (default nothing), e.g. a click-to-load placeholder. */
  fallback?: ReactNode;
  children?: ReactNode;
}
/** Renders its children only while `category` (and `service`) is allowed. */
export function Consent(props: ConsentProps): ReactNode;
