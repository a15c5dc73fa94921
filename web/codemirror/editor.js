// The workbench's SQL editor: CodeMirror 6 with SQL highlighting and completion of the mart's
// tables and columns. Bundled by web/codemirror/build.sh into one file the page loads
// (service/wwwroot/vendor/codemirror/codemirror.bundle.js); the page's own code is
// service/wwwroot/js/workbench.js, which calls window.DisuSqlEditor.mount.
//
// The editor lives in an open shadow root: CodeMirror's styles (style-mod) then go into a
// constructed stylesheet adopted by that root instead of a <style> element in the document, and
// the service's Content-Security-Policy (style-src 'self', no 'unsafe-inline', no nonce: the pages
// are rendered statically) does not block constructed stylesheets. Element styles CodeMirror sets
// are CSSOM writes (element.style), which the policy allows as well.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from "@codemirror/language";
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { sql, PostgreSQL } from "@codemirror/lang-sql";

const theme = EditorView.theme({
  "&": { fontSize: "0.95rem", border: "1px solid #6b6b6b", borderRadius: "4px", backgroundColor: "#fff", color: "#1a1a1a" },
  "&.cm-focused": { outline: "3px solid #1a5fb4", outlineOffset: "1px" },
  ".cm-content": { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Consolas, monospace", minHeight: "9rem" },
  ".cm-scroller": { maxHeight: "24rem", overflow: "auto" },
  ".cm-gutters": { backgroundColor: "#f3f3f3", color: "#555", borderRight: "1px solid #ccc" },
  ".cm-placeholder": { color: "#595959" },
});

/**
 * Replaces the textarea with an editor of its text. The textarea stays in the form, hidden, and
 * always holds the editor's text, so the form posts what the editor shows.
 * options: label (accessible name), schema ({ table: [column, …] }) for completion, onRun (Ctrl/Cmd-Enter).
 */
function mount(textarea, options = {}) {
  const host = document.createElement("div");
  host.className = "sql-editor-host";
  textarea.insertAdjacentElement("afterend", host);
  const root = host.attachShadow({ mode: "open" });
  const run = () => { if (options.onRun) options.onRun(); return true; };
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), history(), drawSelection(), indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(),
        autocompletion(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        sql({ dialect: PostgreSQL, schema: options.schema || {}, upperCaseKeywords: true }),
        placeholder(options.placeholder || ""),
        keymap.of([{ key: "Mod-Enter", run }, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
        EditorView.contentAttributes.of({ "aria-label": options.label || "SQL" }),
        EditorView.updateListener.of(update => { if (update.docChanged) textarea.value = update.state.doc.toString(); }),
        theme,
      ],
    }),
  });
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus() { view.focus(); },
  };
}

window.DisuSqlEditor = { mount };
