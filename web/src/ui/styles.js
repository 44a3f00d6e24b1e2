// The UI's only styles: adopted into the shadow root as a constructable stylesheet,
// which a strict CSP (style-src without 'unsafe-inline') does not block.
// The banner slides in without fading: opaque from the first frame that paints it, it
// is there to read a frame sooner than a fade from opacity 0 allowed (tests/perf/FINDINGS.md).
// A modal dialog's ::backdrop dims the page; the preferences opened from a modal banner
// (after it in the shadow root) draw none, as the banner's already does.
// Forced colours (Windows High Contrast) paint every background as the system's
// Canvas, so a switch's knob and its On fill vanished and On looked like Off: there
// they take system colours (CanvasText, Canvas), which forced colours keep.
// A button keeps a Chinese label whole (word-break: keep-all): Chinese may break between
// any two characters, and a trial's 保存选择 sat beside the Reject/Accept pair on a phone,
// one character per line, instead of going to a row of its own.
// :host's !important declarations win over any !important rule of the page (the inner
// context wins for important rules), so `* { all: unset !important }` or
// `cookiegate-ui { display: none !important }` cannot hide the banner.
//
// Theming surface (README "Theming" lists each with its default; a browser test keeps
// that list and this file equal): the `--cg-*` custom properties below and the `part`
// attributes set in ./banner.js, ./preferences.js, ./choices.js, ./switches.js,
// ./i18n.js and ./index.js. Accept all and Reject all are both `part="choice"` and
// read exactly the same properties, so nothing a page can set styles one of them alone.
// Short internal names (--b, --f, ...) keep the shipped bytes down; so do the class
// names, which are these (all of web/src/ui; ./preferences-styles.js has the dialog's
// rules, from .dg to .tb, in a sheet of its own; ./regional.js and
// ./placeholder-styles.js add the ones marked so to their own sheets):
//   .bn  banner: every first layer (opt-in, notices, regional layers, "unavailable")
//   .tx  the banner's text column (title, text, policy link)
//   .bs  button set: a layer's row of actions
//   .pr  pair: Reject all and Accept all (or Refuse and Agree) side by side, of equal width
//   .bt  button (the placeholder's Load button, too)
//   .cb  choice button: Accept all, Reject all, Agree, Refuse, Save, OK (all styled alike)
//   .sc  secondary button: Customize, Close
//   .fb  floating button: reopens the preferences (or the regional opt-out link)
//   .dg  dialog: the preferences dialog
//   .hd  the dialog's header (title, Close)
//   .bd  the dialog's body (text, categories)
//   .ft  the dialog's footer (the choices)
//   .ct  category: one category's section of the dialog (and the stricter-rules one)
//   .ch  category header: its disclosure button and switch
//   .dx  disclosure: the category title button that shows or hides its details
//   .cv  chevron: the disclosure's arrow
//   .cp  category panel: the details a disclosure shows (text, services, cookie table)
//   .sr  service row: a service's name and switch
//   .sw  switch: an on/off button (role="switch")
//   .tr  track: the switch's drawn track and knob
//   .tb  table box: the cookie table's container (narrow: one block per row)
//   .bi  bilingual: texts in two languages side by side
//   .er  error: "could not be saved" under a layer (placeholder too)
//   .vh  visually hidden: the status region screen readers hear
//   .x   regional: the × that closes a pipl layer or the GPC confirmation
//   .ln  regional, placeholder: a button that looks like a link
//   .ph  placeholder: the click-to-load box that stands in for a held embed
//   .nm  placeholder: the held service's name
// Every line ends in `\`, a line continuation: the sheet ships without its newlines.
export default `\
:host{all:initial!important;display:block!important;\
--b:var(--cg-bg,#fff);--f:var(--cg-fg,#1b1b1f);--m:var(--cg-fg-secondary,#4a4d57);\
--l:var(--cg-link,#1a48c4);--e:var(--cg-border,#767a85);\
--k:var(--cg-button-bg,#1d3f8f);--kf:var(--cg-button-fg,#fff);\
--q:var(--cg-secondary-bg,transparent);--qf:var(--cg-secondary-fg,var(--f));\
--w:var(--cg-switch-on,var(--k));--o:var(--cg-focus,var(--l));\
--r:var(--cg-radius,.5em);--s:var(--cg-space,1em);\
--z:var(--cg-shadow,0 .25em 1.5em #0003);\
--ff:var(--cg-font,system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif)}\
@media(prefers-color-scheme:dark){:host{\
--b:var(--cg-bg,#1f2024);--f:var(--cg-fg,#eceef3);--m:var(--cg-fg-secondary,#c3c7d0);\
--l:var(--cg-link,#a4c0ff);--e:var(--cg-border,#8b919d);\
--k:var(--cg-button-bg,#a9c1ff);--kf:var(--cg-button-fg,#10131a);\
--z:var(--cg-shadow,0 .25em 1.5em #000a)}}\
.bn,.dg,.fb{box-sizing:border-box;margin:0;color:var(--f);background:var(--b);\
border:1px solid var(--e);border-radius:var(--r);box-shadow:var(--z);\
font:var(--cg-font-size,.9375em)/1.5 var(--ff);\
color-scheme:light dark;text-align:start;z-index:2147483647;\
line-break:strict;overflow-wrap:break-word}\
.bn{position:fixed;inset:auto var(--s) var(--s);width:auto;\
max-width:72em;max-height:calc(100% - 2*var(--s));overflow:auto;padding:var(--s) calc(var(--s)*1.25)}\
.bn[data-position=top]{inset:var(--s) var(--s) auto}\
@media(min-width:50em){.bn[data-layout=bar]{margin-inline:auto;display:flex;align-items:flex-end;gap:calc(var(--s)*1.5)}\
.bn[data-layout=bar]>.tx{flex:1 1 30em}.bn[data-layout=bar]>.bs{flex:0 1 26em;margin:0}}\
.bn[data-layout=box]{inset:auto var(--s) var(--s) auto;width:min(24em,calc(100% - 2*var(--s)))}\
.bn[data-layout=box][data-position=bottom-left]{inset:auto auto var(--s) var(--s)}\
dialog.bn{inset:0;margin:auto;width:min(32em,calc(100% - 2*var(--s)))}\
dialog::backdrop{background:var(--cg-backdrop,#0008)}.bn[open]~::backdrop{background:none}\
h2,h3,h4,p,ul{margin:0}\
h2{font-size:1.1em;line-height:1.3;font-weight:700}\
p{margin-top:calc(var(--s)*.375)}\
.tx p,.bd>div>p,.cp>p{color:var(--m);font-size:.9375em}\
ul{padding:0;list-style:none}\
a{color:var(--l);text-decoration:underline;text-underline-offset:.15em}\
.bs{display:flex;flex-wrap:wrap;align-items:center;gap:calc(var(--s)*.5);margin-top:var(--s)}\
.pr{display:flex;flex:1 1 16em;gap:calc(var(--s)*.5)}\
.bt{box-sizing:border-box;min-height:2.75em;padding:calc(var(--s)*.5) var(--s);font:inherit;font-weight:600;\
line-height:1.25;border-radius:var(--r);cursor:pointer;word-break:keep-all}\
.cb{flex:1 1 0;color:var(--kf);background:var(--k);border:2px solid var(--k)}\
.sc{flex:0 1 auto;color:var(--qf);background:var(--q);border:1px solid var(--e);font-weight:500}\
.bt:hover{box-shadow:inset 0 0 0 99em #8882}\
:focus-visible{outline:3px solid var(--o);outline-offset:2px}\
.bn:focus,.dg:focus{outline:0}\
.bi{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5em}\
@media(max-width:36em){.bi{grid-template-columns:1fr}}\
.er{font-weight:600}\
.fb{position:fixed;inset:auto;inset-block-end:var(--s);inset-inline-start:var(--s);padding:.4em .9em;\
font-size:.875em;font-weight:600;cursor:pointer}\
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
@media(prefers-reduced-motion:no-preference){.bn{animation:cg .2s ease-out}.tr::after{transition:inset-inline-start .15s}}\
@keyframes cg{from{translate:0 .5em}}\
`;
