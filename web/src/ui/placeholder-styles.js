// The click-to-load placeholder's styles, adopted into each placeholder's shadow root.
// Its colours, radius and font are the banner's `--cg-*` custom properties with the
// banner's defaults (./styles.js), so one theme reaches both.
// :host's !important declarations win over any rule of the page, so page CSS cannot
// resize or hide it; its size comes from the private `--cgp-*` properties that
// placeholder.js sets inline from the embed's box (custom properties survive `all`).
// Its visibility is inherited (`all` would make it visible): in a container hidden by
// visibility (a closed offcanvas) it is hidden, and out of the tab order, with the
// embed; --cgp-vis makes it visible when the embed shows itself in one.
export default `
:host{all:initial!important;visibility:var(--cgp-vis,inherit)!important;box-sizing:border-box!important;display:var(--cgp-display,block)!important;
width:var(--cgp-width,auto)!important;aspect-ratio:var(--cgp-ratio,auto)!important;
margin:var(--cgp-margin,0)!important;vertical-align:var(--cgp-align,baseline)!important;overflow:hidden!important;
--b:var(--cg-bg,#fff);--f:var(--cg-fg,#1b1b1f);--l:var(--cg-link,#1a48c4);
--k:var(--cg-button-bg,#1d3f8f);--kf:var(--cg-button-fg,#fff);--e:var(--cg-border,#676b75)}
@media(prefers-color-scheme:dark){:host{
--b:var(--cg-bg,#1f2024);--f:var(--cg-fg,#eceef3);--l:var(--cg-link,#a4c0ff);
--k:var(--cg-button-bg,#a9c1ff);--kf:var(--cg-button-fg,#10131a);--e:var(--cg-border,#9399a5)}}
.ph{box-sizing:border-box;display:flex;flex-direction:column;justify-content:center;gap:.5em;
height:100%;overflow:auto;padding:1em 1.25em;color:var(--f);background:var(--b);
border:1px solid var(--e);border-radius:var(--cg-radius,.75em);color-scheme:light dark;text-align:start;
font:.9375em/1.5 var(--cg-font,system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif)}
p{margin:0}
.nm{font-weight:700;font-size:1.1em}
.bs{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em}
button{min-height:2.75em;font:inherit;cursor:pointer}
.bt{padding:.4em 1.1em;font-weight:600;color:var(--kf);background:var(--k);border:2px solid var(--k);border-radius:.5em}
.bt:hover{box-shadow:inset 0 0 0 99em #fff2}
.ln{padding:0 .25em;color:var(--l);background:none;border:0;text-decoration:underline;text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.er{font-weight:600}
`;
