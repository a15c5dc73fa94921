// Truy vấn (/truy-van): the editor, running a statement through POST /api/query (the session cookie
// and the antiforgery token in X-CSRF-TOKEN, as every script of the workspace sends it), paging the
// rows, cancelling, downloading CSV/XLSX, and the person's recent statements. Without this script
// the page is a plain form that the server runs through the same path.
(function () {
  "use strict";
  const form = document.getElementById("sql-form");
  if (!form || !window.fetch || !window.AbortController) return;

  const api = form.dataset.api;
  const token = (document.querySelector('meta[name="disu-antiforgery"]') || {}).content || "";
  const cap = Number(document.querySelector(".workbench").dataset.rowCap);
  const textarea = document.getElementById("sql");
  const runButton = document.getElementById("run");
  const cancelButton = document.getElementById("cancel");
  const csvButton = document.getElementById("download-csv");
  const xlsxButton = document.getElementById("download-xlsx");
  const status = document.getElementById("run-status");
  const results = document.getElementById("ket-qua");
  const body = document.getElementById("result-body");
  const historyList = document.getElementById("history-list");
  const pageSize = 50;
  const counts = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
  const decimals = new Intl.NumberFormat("vi-VN", { useGrouping: false, maximumFractionDigits: 6 });
  let running = null;
  let last = null;

  // Completion of the tables and columns the schema browser lists (only what this person may query).
  const schema = {};
  document.querySelectorAll(".schema-list [data-table]").forEach(item => {
    schema[item.dataset.table] = item.dataset.columns ? item.dataset.columns.split(",") : [];
  });
  const editor = window.DisuSqlEditor
    ? window.DisuSqlEditor.mount(textarea, { label: "Câu SQL", schema, onRun: () => form.requestSubmit() })
    : null;
  const sqlText = () => (editor ? editor.value : textarea.value);
  const setSql = text => { if (editor) { editor.value = text; editor.focus(); } else { textarea.value = text; textarea.focus(); } };

  cancelButton.hidden = false;
  cancelButton.disabled = true;
  csvButton.hidden = false;
  xlsxButton.hidden = false;

  form.addEventListener("submit", event => {
    event.preventDefault();
    run({ sql: sqlText() });
  });
  document.querySelectorAll("form.saved-form").forEach(saved => saved.addEventListener("submit", event => {
    event.preventDefault();
    const params = {};
    new FormData(saved).forEach((value, key) => { if (key.startsWith("p.") && value !== "") params[key.slice(2)] = value; });
    run({ saved: saved.dataset.saved, params });
  }));
  cancelButton.addEventListener("click", () => { if (running) running.abort(); });
  csvButton.addEventListener("click", () => download("csv"));
  xlsxButton.addEventListener("click", () => download("xlsx"));
  historyList.addEventListener("click", event => {
    const item = event.target.closest("button.history-item");
    if (item) setSql(item.dataset.sql);
  });

  function post(request, format) {
    return fetch(api + (format ? "?format=" + format : ""), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-TOKEN": token },
      body: JSON.stringify(request),
      signal: running ? running.signal : undefined,
    });
  }

  async function run(request) {
    if (running) running.abort();
    const controller = new AbortController();
    running = controller;
    busy(true, "Đang chạy truy vấn…");
    try {
      const answer = await post(request);
      const json = await answer.json().catch(() => null);
      if (answer.ok && json && Array.isArray(json.columns)) {
        last = { request, response: json };
        render(0);
        say(`Xong: ${counts.format(json.row_count)} dòng trong ${counts.format(json.elapsed_ms)} ms.`);
        remember(request, json);
      } else {
        last = null;
        problem(answer.status, json);
      }
    } catch (error) {
      last = null;
      if (controller.signal.aborted) {
        show("Đã hủy truy vấn", "Truy vấn đã được dừng theo yêu cầu của bạn; dịch vụ dừng cả tiến trình đang chạy nó.", "note");
        say("Đã hủy truy vấn.");
      } else {
        show("Không kết nối được dịch vụ", "Trình duyệt không nhận được trả lời. Hãy kiểm tra kết nối rồi chạy lại.", "alert");
      }
    } finally {
      if (running === controller) running = null;
      busy(false);
    }
  }

  function busy(on, text) {
    runButton.disabled = on;
    cancelButton.disabled = !on;
    csvButton.disabled = on || !last;
    xlsxButton.disabled = on || !last;
    results.setAttribute("aria-busy", on ? "true" : "false");
    if (text) say(text);
  }

  function say(text) { status.textContent = text; }

  function problem(code, json) {
    if (code === 401) {
      show("Phiên đăng nhập đã hết", "Hãy tải lại trang để đăng nhập lại; câu SQL của bạn vẫn ở trong trình soạn thảo.", "alert");
    } else if (json && json.title) {
      show(json.title, json.detail || "", "alert");
    } else {
      show("Truy vấn không chạy được", `Dịch vụ trả lời mã ${code}.`, "alert");
    }
    say("Truy vấn không chạy được.");
  }

  function show(title, detail, kind) {
    const box = element("div", kind === "alert" ? "alert" : "caveat");
    if (kind === "alert") box.setAttribute("role", "alert");
    box.append(element("p", null, element("strong", null, title)), element("p", null, detail));
    body.replaceChildren(box);
  }

  // A value as the command line's Vietnamese table shows it (WorkbenchView.Cell on the server):
  // whole numbers ungrouped (a year stays 2024), decimals with a comma, Có/Không, NULL.
  function cell(value) {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "boolean") return value ? "Có" : "Không";
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : decimals.format(value);
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function isNumberType(type) {
    return /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INT(8|16|32|64|128)|UINT(8|16|32|64|128)|FLOAT|REAL|DOUBLE|DECIMAL.*)$/i.test(type);
  }

  function render(page) {
    const response = last.response;
    const pages = Math.max(1, Math.ceil(response.row_count / pageSize));
    page = Math.min(Math.max(page, 0), pages - 1);
    const from = page * pageSize;
    const to = Math.min(from + pageSize, response.row_count);
    const numeric = response.columns.map(c => isNumberType(c.type));
    const parts = [];
    parts.push(element("p", "result-count",
      `${counts.format(response.row_count)} dòng, ${counts.format(response.elapsed_ms)} ms — hiển thị ` +
      (response.row_count === 0 ? "0" : `${counts.format(from + 1)}–${counts.format(to)}`) + ` / tối đa ${counts.format(response.row_cap || cap)} dòng`));
    if (response.message) parts.push(element("p", "caveat", response.message));
    const table = element("table", "result-table");
    const head = element("tr");
    response.columns.forEach((column, i) => {
      const th = element("th", numeric[i] ? "number" : null, column.name);
      th.scope = "col";
      th.title = column.type;
      head.append(th);
    });
    table.append(element("thead", null, head));
    const rows = element("tbody");
    for (const row of response.rows.slice(from, to)) {
      const tr = element("tr");
      row.forEach((value, i) => tr.append(element("td", numeric[i] ? "number" : null, cell(value))));
      rows.append(tr);
    }
    table.append(rows);
    parts.push(element("div", "table-scroll", table));
    if (pages > 1) {
      const nav = element("nav", "pager");
      nav.setAttribute("aria-label", "Các trang kết quả");
      const previous = element("button", null, "Trang trước");
      previous.type = "button";
      previous.disabled = page === 0;
      previous.addEventListener("click", () => render(page - 1));
      const next = element("button", null, "Trang sau");
      next.type = "button";
      next.disabled = page === pages - 1;
      next.addEventListener("click", () => render(page + 1));
      nav.append(previous, element("span", null, `Trang ${counts.format(page + 1)} / ${counts.format(pages)}`), next);
      parts.push(nav);
    }
    body.replaceChildren(...parts);
  }

  // The same statement again, its rows as a file (the API writes them with the CLI's CSV/XLSX writers, under the same cap).
  async function download(format) {
    if (!last) return;
    const controller = new AbortController();
    running = controller;
    busy(true, `Đang tạo tệp ${format.toUpperCase()}…`);
    try {
      const answer = await post(last.request, format);
      if (!answer.ok) {
        problem(answer.status, await answer.json().catch(() => null));
        return;
      }
      const url = URL.createObjectURL(await answer.blob());
      const link = element("a");
      link.href = url;
      link.download = "ket-qua-truy-van." + format;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      say(`Đã tải tệp ${format.toUpperCase()}.`);
    } catch (error) {
      say(controller.signal.aborted ? "Đã hủy tải tệp." : "Không tải được tệp.");
    } finally {
      if (running === controller) running = null;
      busy(false);
    }
  }

  // The server keeps the person's history too (GET /api/query/history); this adds the new line without a reload.
  function remember(request, response) {
    const empty = document.getElementById("history-empty");
    if (empty) empty.remove();
    const item = element("li");
    if (request.sql !== undefined) {
      const button = element("button", "history-item", element("code", null, request.sql.replace(/\s+/g, " ").trim().slice(0, 120)));
      button.type = "button";
      button.dataset.sql = request.sql;
      item.append(button);
    } else {
      const params = Object.entries(request.params || {}).map(([k, v]) => `${k} = ${v}`).join(", ");
      item.append(element("span", null, element("code", null, request.saved), params ? ` (${params})` : ""));
    }
    item.append(" ", element("span", "muted", `vừa xong — ${counts.format(response.row_count)} dòng`));
    historyList.prepend(item);
    while (historyList.children.length > 20) historyList.lastElementChild.remove();
  }

  function element(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) if (child !== undefined && child !== null && child !== "") node.append(child);
    return node;
  }
})();
