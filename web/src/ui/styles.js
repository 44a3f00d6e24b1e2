// The UI's only styles: adopted into the shadow root as a constructable stylesheet,
// which a strict CSP (style-src without 'unsafe-inline') does not block.
// :host's !important declarations win over any !important rule of the page (the inner
// context wins for important rules), so `* { all: unset !important }` or
// `cookiegate-ui { display: none !important }` cannot hide the banner.
export default `
:host{all:initial!important;display:block!important;
--b:var(--cg-bg,#fff);--f:var(--cg-fg,#1b1b1f);--l:var(--cg-link,#1a48c4);
--k:var(--cg-button-bg,#1d3f8f);--kf:var(--cg-button-fg,#fff);--e:var(--cg-border,#676b75)}
@media(prefers-color-scheme:dark){:host{
--b:var(--cg-bg,#1f2024);--f:var(--cg-fg,#eceef3);--l:var(--cg-link,#a4c0ff);
--k:var(--cg-button-bg,#a9c1ff);--kf:var(--cg-button-fg,#10131a);--e:var(--cg-border,#9399a5)}}
.bn,.dg,.fb{box-sizing:border-box;margin:0;color:var(--f);background:var(--b);
border:1px solid var(--e);border-radius:var(--cg-radius,.75em);
font:1em/1.5 var(--cg-font,system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif);
color-scheme:light dark;text-align:start;z-index:2147483647}
.bn{position:fixed;inset:auto 0 .75em;margin-inline:auto;width:min(46em,calc(100% - 1.5em));
height:auto;max-height:calc(100% - 1.5em);overflow:auto;padding:1.25em;
box-shadow:0 .5em 2em #0005}
.dg{margin:auto;width:min(44em,calc(100% - 1em));max-width:none;max-height:calc(100% - 1em);padding:0;
flex-direction:column}
.dg[open]{display:flex}
dialog.bn{inset:0;margin:auto}
.dg::backdrop,dialog.bn::backdrop{background:var(--cg-backdrop,#0009)}
.hd{display:flex;align-items:flex-start;gap:1em;padding:1em 1.25em;border-bottom:1px solid var(--e)}
.hd h2{flex:1}
.bd{overflow:auto;padding:0 1.25em 1em}
.ft{padding:1em 1.25em;border-top:1px solid var(--e)}
.ft .bs{margin:0}
h2,h3,h4,p,ul{margin:0}
h2{font-size:1.2em;line-height:1.3}
h3{font-size:1.05em;flex:1}
h4{font-size:.95em;margin-top:.75em}
p{margin-top:.5em}
ul{padding:0;list-style:none}
a{color:var(--l);text-decoration:underline;text-underline-offset:.15em}
.bs{display:flex;flex-wrap:wrap;gap:.5em;margin-top:1em}
.bt{flex:1 1 auto;min-height:2.75em;padding:.5em 1.1em;font:inherit;font-weight:600;
color:var(--kf);background:var(--k);border:2px solid var(--k);border-radius:.5em;cursor:pointer}
.hd .bt{flex:none;min-height:2.25em;padding:.25em .8em}
.bt:hover{box-shadow:inset 0 0 0 99em #fff2}
:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.bn:focus,.dg:focus{outline:0}
.ct{padding:1em 0;border-bottom:1px solid var(--e)}
.ch,.sr{display:flex;flex-wrap:wrap;align-items:center;gap:0 1em}
.sr{padding:.25em 0}.sr span{flex:1}
.sw{display:inline-flex;flex:none;align-items:center;gap:.5em;min-height:2.75em;padding:0 .25em;
font:inherit;color:inherit;background:none;border:0;cursor:pointer}
.sw:disabled{cursor:default}
.tr{position:relative;box-sizing:border-box;width:2.6em;height:1.5em;border:2px solid var(--e);border-radius:1em}
.tr::after{content:"";position:absolute;top:.15em;inset-inline-start:.15em;width:.9em;height:.9em;
border-radius:50%;background:var(--e)}
[aria-checked=true] .tr{background:var(--k);border-color:var(--k)}
[aria-checked=true] .tr::after{inset-inline-start:1.25em;background:var(--kf)}
table{width:100%;margin-top:.75em;border-collapse:collapse;table-layout:fixed;font-size:.875em;overflow-wrap:anywhere}
th,td{padding:.35em .4em;text-align:start;vertical-align:top;border-bottom:1px solid var(--e)}
.bi{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5em}
@media(max-width:36em){.bi{grid-template-columns:1fr}.bn{padding:1em}}
.er{font-weight:600}
.fb{position:fixed;inset:auto;inset-block-end:.75em;inset-inline-start:.75em;padding:.4em .9em;
font-size:.875em;font-weight:600;cursor:pointer}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media(prefers-reduced-motion:no-preference){.bn{animation:cg .2s ease-out}.tr::after{transition:inset-inline-start .15s}}
@keyframes cg{from{opacity:0;translate:0 .5em}}
`;
