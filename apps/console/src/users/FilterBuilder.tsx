/**
 * Builds a ListUsers Filter from an attribute, an operator and a value, and shows the exact string it will send,
 * so what the console searches is what an SDK script would send.
 */
import { useId, useState, type FormEvent } from "react";
import {
  buildFilter,
  FILTER_ATTRIBUTES,
  FILTER_MAX_LENGTH,
  FILTER_OPERATORS,
  FILTER_SUGGESTIONS,
  type FilterAttribute,
  type FilterOperator,
  type FilterSpec,
} from "./filter";

export function FilterBuilder({
  initial,
  onSearch,
}: {
  initial?: FilterSpec;
  /** The Filter string ("" = every user). */
  onSearch: (filter: string, spec: FilterSpec) => void;
}) {
  const id = useId();
  const [spec, setSpec] = useState<FilterSpec>(initial ?? { attribute: "email", operator: "^=", value: "" });
  const [error, setError] = useState<string>();
  const filter = buildFilter(spec);
  const suggestions = FILTER_SUGGESTIONS[spec.attribute];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (filter.length > FILTER_MAX_LENGTH) {
      setError(
        `The filter is ${filter.length} characters; Cognito takes at most ${FILTER_MAX_LENGTH}. Shorten the value.`,
      );
      return;
    }
    setError(undefined);
    onSearch(filter, spec);
  };
  return (
    <search aria-label="Find users">
      <form onSubmit={submit} className="filter-builder" noValidate>
        <div className="filter-row">
          <div className="field">
            <label htmlFor={`${id}-attr`}>Attribute</label>
            <select
              id={`${id}-attr`}
              value={spec.attribute}
              onChange={(e) => setSpec({ ...spec, attribute: e.target.value as FilterAttribute })}
            >
              {FILTER_ATTRIBUTES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-op`}>Match</label>
            <select
              id={`${id}-op`}
              value={spec.operator}
              onChange={(e) => setSpec({ ...spec, operator: e.target.value as FilterOperator })}
            >
              {FILTER_OPERATORS.map((o) => (
                <option key={o.op} value={o.op}>
                  {o.label} ({o.op})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-value`}>Value</label>
            <input
              id={`${id}-value`}
              type="text"
              value={spec.value}
              list={suggestions ? `${id}-suggest` : undefined}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={`${id}-filter${error ? ` ${id}-error` : ""}`}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setSpec({ ...spec, value: e.target.value })}
            />
            {suggestions ? (
              <datalist id={`${id}-suggest`}>
                {suggestions.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            ) : null}
          </div>
        </div>
        <p id={`${id}-filter`} className="hint">
          Filter:{" "}
          <output className="mono" data-testid="filter">
            {filter || "(none: every user)"}
          </output>
        </p>
        {error ? (
          <p id={`${id}-error`} role="alert" className="message error">
            {error}
          </p>
        ) : null}
        <button type="submit">Search</button>
      </form>
    </search>
  );
}
