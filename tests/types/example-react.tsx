// A typed use of `cookiegate/react` (with @types/react, as a React app has).
import { Consent, useAllowed, useConsent } from 'cookiegate/react';
import { allow } from 'cookiegate';

export function Video() {
  const consent = useConsent();
  const analytics: boolean = useAllowed('analytics');
  const video: boolean = useAllowed('media', 'youtube');
  return (
    <Consent category="media" service="youtube"
             fallback={<button onClick={() => allow('media', 'youtube')}>Load video</button>}>
      <iframe title="video" src="https://www.youtube-nocookie.com/embed/x" />
      <p>{consent?.language} {String(analytics)} {String(video)}</p>
    </Consent>
  );
}

// @ts-expect-error: a category is required
export const wrong = <Consent service="youtube">x</Consent>;
