// The preferences dialog's styles, adopted into the UI's shadow root after ./styles.js
// when the dialog's file arrives (./preferences.js): a first layer never needs them.
// Its class names are in ./styles.js's legend; the properties it reads are the ones
// ./styles.js defines on :host.
// Every line ends in `\`, a line continuation: the sheet ships without its newlines.
export default `\
.dg{margin:auto;width:min(42em,calc(100% - 2*var(--s)));max-width:none;max-height:calc(100% - 2*var(--s));\
padding:0;flex-direction:column}\
.dg[open]{display:flex}\
.hd{display:flex;align-items:center;gap:var(--s);padding:calc(var(--s)*.75) calc(var(--s)*1.25);border-bottom:1px solid var(--e)}\
.hd h2{flex:1}\
.bd{overflow:auto;padding:calc(var(--s)*.25) calc(var(--s)*1.25) var(--s)}\
.ft{padding:calc(var(--s)*.75) calc(var(--s)*1.25);border-top:1px solid var(--e)}\
.ft .bs{margin:0}\
h3{flex:1;font-size:1em}\
h4{font-size:.9em;margin-top:calc(var(--s)*.75)}\
.ct{border-bottom:1px solid var(--e)}\
.ch,.sr{display:flex;flex-wrap:wrap;align-items:center;gap:0 var(--s)}\
.dx{display:flex;align-items:center;gap:.5em;width:100%;min-height:2.75em;padding:.25em 0;\
font:inherit;font-weight:600;color:inherit;text-align:start;background:none;border:0;cursor:pointer}\
.cv{flex:none;width:.5em;height:.5em;border:solid currentColor;border-width:0 2px 2px 0;rotate:-45deg;margin-inline:.1em .3em}\
[dir=rtl] .cv{rotate:135deg}\
[aria-expanded=true]>.cv{rotate:45deg}\
.cp{padding-bottom:var(--s)}\
.sr{padding:.25em 0}.sr>span{flex:1}\
.sw{display:inline-flex;flex:none;white-space:nowrap;align-items:center;gap:.5em;min-height:2.75em;padding:0 .25em;\
font:inherit;color:inherit;background:none;border:0;cursor:pointer}\
.sw:disabled{cursor:default}\
.tr{position:relative;box-sizing:border-box;width:2.6em;height:1.5em;border:2px solid var(--e);border-radius:1em}\
.tr::after{content:"";position:absolute;top:.15em;inset-inline-start:.15em;width:.9em;height:.9em;\
border-radius:50%;background:var(--e)}\
[aria-checked=true] .tr{background:var(--w);border-color:var(--w)}\
[aria-checked=true] .tr::after{inset-inline-start:1.25em;background:var(--kf)}\
@media(forced-colors:active){.tr::after,[aria-checked=true] .tr{background:CanvasText}[aria-checked=true] .tr::after{background:Canvas}}\
.tb{container-type:inline-size;margin-top:calc(var(--s)*.75)}\
table{width:100%;border-collapse:collapse;font-size:.875em}\
th,td{padding:.35em .4em;text-align:start;vertical-align:top;border-bottom:1px solid var(--e)}\
@container (max-width:32em){thead{position:absolute;clip-path:inset(50%);width:1px;height:1px;overflow:hidden}\
table,tbody,tr,td{display:block}tr{padding:.25em 0;border-bottom:1px solid var(--e)}\
td{display:grid;grid-template-columns:minmax(6em,35%) 1fr;gap:.75em;border:0;padding:.15em 0}\
td::before{content:attr(data-label);font-weight:600}}\
`;
