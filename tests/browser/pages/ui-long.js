// ?own: the page sets inline scroll-padding and padding on <html> of its own (through
// the CSSOM, which a strict CSP allows), which the banner must leave as they are.
const de = document.documentElement;
if (new URLSearchParams(location.search).has('own')) {
  de.style.scrollPaddingBottom = '3px';
  de.style.setProperty('padding-bottom', '2px', 'important');
}
// <html> as the page has it before CookieGate runs (its style attribute: null without one).
const s = getComputedStyle(de);
window.own = { style: de.getAttribute('style'), scroll: s.scrollPaddingBottom, padding: s.paddingBottom };
