/**
 * Sorts a table with class "sortable" by the clicked column (numbers numerically), on the
 * viewer's runs and sweep pages. A file of its own, not an inline script: the pages' CSP runs
 * only the viewer's own script files.
 */
(() => {
  "use strict";
  for (const table of document.querySelectorAll("table.sortable")) {
    table.querySelectorAll("th").forEach((th, column) =>
      th.addEventListener("click", () => {
        const body = table.tBodies[0];
        const key = (row) => row.cells[column].textContent.trim();
        const ascending = th.dataset.order !== "asc";
        th.dataset.order = ascending ? "asc" : "desc";
        const rows = [...body.rows].sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const [nx, ny] = [parseFloat(x), parseFloat(y)];
          const order = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
          return ascending ? order : -order;
        });
        body.append(...rows);
      })
    );
  }
})();
