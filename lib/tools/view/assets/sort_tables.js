/**
 * Sorts a table with class "sortable" by the clicked column, ascending then descending, on
 * the viewer's runs and sweep pages. A cell sorts as a number when the whole cell is one (or
 * a number followed by " ±", "[" or a space and more, as in "101.59 ± 0.11 [101.31, 101.87]");
 * anything else, run ids and times included, sorts as text, and a column sorts as numbers
 * only when every non-empty cell of it is one. Empty cells go last. A header cell with class
 * "pick" (the compare choices) does not sort. A file of its own, not an inline script: the
 * pages' CSP runs only the viewer's own script files.
 */
(() => {
  "use strict";
  const NUMBER = /^[-−]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?(?=$|\s[±[(]|\s)/i;
  /** The cell's number, or undefined when the cell is not one. */
  const asNumber = (text) => {
    const match = NUMBER.exec(text);
    if (!match) return undefined;
    const rest = text.slice(match[0].length);
    if (rest !== "" && !/^\s[±[(]/.test(rest)) return undefined;
    return Number(match[0].replace("−", "-"));
  };
  for (const table of document.querySelectorAll("table.sortable")) {
    table.querySelectorAll("thead th").forEach((th, column) => {
      if (th.classList.contains("pick")) return;
      th.tabIndex = 0;
      const sort = () => {
        const body = table.tBodies[0];
        const key = (row) => (row.cells[column]?.textContent ?? "").trim();
        const keys = [...body.rows].map((row) => [row, key(row)]);
        const filled = keys.filter(([, text]) => text !== "");
        const numeric = filled.length > 0 && filled.every(([, text]) => asNumber(text) !== undefined);
        const ascending = th.dataset.order !== "asc";
        for (const other of table.querySelectorAll("thead th")) delete other.dataset.order;
        th.dataset.order = ascending ? "asc" : "desc";
        const order = (x, y) => numeric ? asNumber(x) - asNumber(y) : x < y ? -1 : x > y ? 1 : 0;
        keys.sort(([, x], [, y]) => {
          if (x === "" || y === "") return (x === "") - (y === "");
          return ascending ? order(x, y) : -order(x, y);
        });
        body.append(...keys.map(([row]) => row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  }
})();
