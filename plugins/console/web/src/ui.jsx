// The console's building blocks: a screen's heading (focused when the screen opens, for
// keyboard and screen-reader users), errors where they belong, labelled fields with their
// own messages, tables that scroll on a narrow screen, and paging.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api.js";

export function Heading({ children }) {
  const ref = useRef(null);
  // Before the screen is painted: a later focus would take the caret from a field the user
  // already moved to.
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

// ProblemBox shows what an action's answer said went wrong: the problem's detail, and the
// field errors no field on the screen shows.
export function ProblemBox({ error, shown = [] }) {
  if (!error) return null;
  const other = Object.entries(error.errors || {}).filter(([field]) => !shown.includes(field));
  return (
    <div class="problem" role="alert">
      <p>{error.message}</p>
      {other.length > 0 && (
        <ul>
          {other.map(([field, messages]) => (
            <li key={field}>
              {field}: {messages.join(" ")}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

let fieldCount = 0;

// Field is a labelled input with the messages the API gave for it.
export function Field({ label, name, error, type = "text", value, onInput, ...rest }) {
  const [id] = useState(() => `field-${++fieldCount}`);
  const messages = error?.errors?.[name] || [];
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={messages.length > 0 ? "true" : undefined}
        aria-describedby={messages.length > 0 ? `${id}-error` : undefined}
        {...rest}
      />
      {messages.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          {messages.join(" ")}
        </p>
      )}
    </div>
  );
}

export function Select({ label, value, onChange, options }) {
  const [id] = useState(() => `field-${++fieldCount}`);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

// Scroller lets a wide table scroll sideways on a narrow screen, by keyboard too.
export function Scroller({ label, children }) {
  return (
    <div class="scroller" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Status({ text, kind }) {
  return <span class={`badge badge-${kind || text}`}>{text.replaceAll("_", " ")}</span>;
}

// useLoad runs load() now and whenever deps change; reload() runs it again.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const run = useCallback(() => {
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => setState({ data, error: null, loading: false }),
      (error) =>
        setState({
          data: null,
          error: error instanceof ApiError ? error : new ApiError(0, { detail: String(error) }),
          loading: false,
        }),
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

// useSubmit is a form's submit: it runs action and keeps what came of it until the next
// submit: error (the API's problem) or done (action's answer, or true).
export function useSubmit(action) {
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      setDone((await action()) ?? true);
    } catch (caught) {
      setError(caught);
    }
  };
  return { error, done, submit };
}

export function Pager({ page, limit, count, onPage }) {
  const last = Math.max(0, Math.ceil(count / limit) - 1);
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page + 1} of {last + 1} ({count})
      </span>
      <button type="button" disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function when(text) {
  return text ? new Date(text).toLocaleString() : "";
}
