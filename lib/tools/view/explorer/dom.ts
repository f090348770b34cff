/// <reference lib="dom" />
/**
 * A small element builder for the explorer: elements made with properties and children set
 * through the DOM, never markup from strings and never style attributes (the viewer's CSP
 * allows CSS classes and custom properties set through the CSSOM).
 */

/** A child: an element or text. */
export type Child = Node | string;

/**
 * `document.createElement(tag)` with `props` assigned (className, id, type, value, …) and
 * `children` appended; `data` sets data-* attributes.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { data?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { data, ...rest } = props;
  Object.assign(element, rest);
  for (const [key, value] of Object.entries(data ?? {})) element.dataset[key] = value;
  element.append(...children);
  return element;
}

/** A 28 × 28 canvas (or `width` × `height`) with class `className`. */
export function canvas(className: string, width = 28, height = width): HTMLCanvasElement {
  return el("canvas", { className, width, height });
}

/** A figure of `content` with a caption. */
export function figure(className: string, content: Child | Child[], ...caption: Child[]): HTMLElement {
  return el("figure", { className }, ...[content].flat(), el("figcaption", {}, ...caption));
}
