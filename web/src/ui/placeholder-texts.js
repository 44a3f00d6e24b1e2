// Built-in texts of the click-to-load placeholders (./placeholder.js), core/texts.hpp
// keys like those of ./texts.js, kept in the placeholders' own file so that a page
// without embeds does not download them. Placeholders: {service}, {category}.

export const en = {
  placeholderText: 'Not loaded: {service} needs your permission for “{category}”.',
  placeholderLoad: 'Load',
};

export const zh = {
  placeholderText: '未加载：{service}需要您允许“{category}”。',
  placeholderLoad: '加载',
};
