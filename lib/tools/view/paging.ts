/**
 * Paging for the viewer's long lists (runs, sweeps): the ids in a record directory, newest
 * first, found by name alone (a root may hold 100,000 run records: only the shown page's
 * records are read), one page of them, and the links between pages.
 */
import { join } from "node:path";
import { assertNoLinksBelow } from "../../core/store/safe_paths.ts";
import { type Html, safeHtml } from "../../core/render/html.ts";

/** Rows per page. */
export const PAGE_SIZE = 100;

/** Listings already made, by directory, with the directory's modification time then. */
const listings = new Map<string, { mtime: number; ids: string[] }>();

/**
 * The ids of the `<id>.json` records in `<root>/<folder>` that `isId` accepts, last in name
 * order first. Listing 100,000 names takes about a second, so a listing is kept and reused
 * while the directory's modification time (which any added, removed or renamed entry
 * changes) stays the same.
 */
export async function recordIds(
  root: string,
  folder: string,
  isId: (id: string) => boolean,
): Promise<string[]> {
  const dir = join(root, folder);
  await assertNoLinksBelow(root, dir);
  const mtime = await Deno.stat(dir).then((info) => info.mtime?.getTime() ?? NaN, () => undefined);
  if (mtime === undefined) return [];
  const kept = listings.get(dir);
  if (kept && kept.mtime === mtime) return kept.ids;
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const id = entry.name.endsWith(".json") ? entry.name.slice(0, -".json".length) : "";
      if (isId(id)) ids.push(id);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  ids.sort().reverse();
  if (!Number.isNaN(mtime)) listings.set(dir, { mtime, ids });
  return ids;
}

/** Page `page` (1-based, clamped into range) of `items`, with the page count. */
export function pageOf<T>(
  items: T[],
  page: number,
  size = PAGE_SIZE,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const at = Math.min(Math.max(1, Number.isSafeInteger(page) ? page : 1), pages);
  return { items: items.slice((at - 1) * size, at * size), page: at, pages };
}

/** The page number query parameter `name` asks for (1 when absent or not a positive integer). */
export function pageParam(params: URLSearchParams, name: string): number {
  const value = params.get(name) ?? "1";
  return /^[1-9]\d{0,8}$/.test(value) ? Number(value) : 1;
}

/** Links to the first, previous, next and last page of a list paged by query parameter `name`. */
export function pager(name: string, page: number, pages: number, params: URLSearchParams): Html {
  if (pages <= 1) return safeHtml``;
  const link = (to: number, label: string) => {
    if (to === page || to < 1 || to > pages) return safeHtml`<span>${label}</span>`;
    const query = new URLSearchParams(params);
    query.set(name, String(to));
    return safeHtml`<a href="?${query.toString()}">${label}</a>`;
  };
  const links = [link(1, "« first"), link(page - 1, "‹ previous")];
  const more = [link(page + 1, "next ›"), link(pages, "last »")];
  return safeHtml`<nav class="pages">${links}<span>page ${page} of ${pages}</span>${more}</nav>`;
}
