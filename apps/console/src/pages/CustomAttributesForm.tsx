/**
 * The pool's custom attributes: the ones it has (from DescribeUserPool's SchemaAttributes) and a form that adds
 * one (AddCustomAttributes). Cognito never changes or deletes a custom attribute once added, so the form says so.
 */
import type {
  AddCustomAttributesRequest,
  SchemaAttributeType,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { useState, type FormEvent } from "react";
import { Field, formText, Success, useAction } from "@authhub/ui";
import { Checkbox, ErrorMessage, formChecked, Select } from "../components/ui";
import { useApi } from "../session/ConsoleContext";

type Errors = Partial<Record<string, string>>;
const TYPES = ["String", "Number", "DateTime", "Boolean"] as const;

/** Reads the form into an AddCustomAttributes request, or the fields' errors (the server's rules, said early). */
export function readCustomAttribute(
  poolId: string,
  taken: readonly string[],
  form: HTMLFormElement,
): { request: AddCustomAttributesRequest; errors?: undefined } | { errors: Errors } {
  const errors: Errors = {};
  const name = formText(form, "Name").replace(/^custom:/, "");
  if (!/^[\w.:-]{1,20}$/.test(name)) errors.Name = "Use 1 to 20 letters, digits, or . _ : -";
  else if (taken.includes(`custom:${name}`)) errors.Name = `The pool already has custom:${name}`;
  const type = TYPES.find((t) => t === formText(form, "AttributeDataType")) ?? "String";
  const min = formText(form, "Min");
  const max = formText(form, "Max");
  const whole = (v: string, lo: number, hi: number) => v === "" || (/^-?\d+$/.test(v) && +v >= lo && +v <= hi);
  if (type === "String") {
    if (!whole(min, 0, 2048)) errors.Min = "Enter a whole number from 0 to 2048";
    if (!whole(max, 0, 2048)) errors.Max = "Enter a whole number from 0 to 2048";
  } else if (type === "Number") {
    if (!whole(min, -(2 ** 31), 2 ** 31 - 1)) errors.Min = "Enter a whole number";
    if (!whole(max, -(2 ** 31), 2 ** 31 - 1)) errors.Max = "Enter a whole number";
  }
  if (!errors.Min && !errors.Max && min !== "" && max !== "" && Number(min) > Number(max))
    errors.Max = "The maximum must not be below the minimum";
  if (Object.keys(errors).length > 0) return { errors };
  const bounds = (lo: string, hi: string) => ({ ...(min ? { [lo]: min } : {}), ...(max ? { [hi]: max } : {}) });
  const attribute: SchemaAttributeType = {
    Name: name,
    AttributeDataType: type,
    Mutable: formChecked(form, "Mutable"),
    ...(type === "String" && (min || max) ? { StringAttributeConstraints: bounds("MinLength", "MaxLength") } : {}),
    ...(type === "Number" && (min || max) ? { NumberAttributeConstraints: bounds("MinValue", "MaxValue") } : {}),
  };
  return { request: { UserPoolId: poolId, CustomAttributes: [attribute] } };
}

function constraintsOf(a: SchemaAttributeType): string {
  const s = a.StringAttributeConstraints;
  const n = a.NumberAttributeConstraints;
  if (s && (s.MinLength || s.MaxLength)) return `length ${s.MinLength ?? 0}–${s.MaxLength ?? 2048}`;
  if (n && (n.MinValue || n.MaxValue)) return `value ${n.MinValue ?? "…"}–${n.MaxValue ?? "…"}`;
  return "";
}

export function CustomAttributesForm({ pool, onAdded }: { pool: UserPoolType; onAdded: () => void }) {
  const api = useApi();
  const [errors, setErrors] = useState<Errors>({});
  const add = useAction((req: AddCustomAttributesRequest) =>
    api.op<AddCustomAttributesRequest, object>("AddCustomAttributes", req),
  );
  const custom = (pool.SchemaAttributes ?? []).filter((a) => a.Name?.startsWith("custom:"));
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const read = readCustomAttribute(
      pool.Id ?? "",
      custom.map((a) => a.Name ?? ""),
      form,
    );
    if (read.errors) {
      setErrors(read.errors);
      add.reset();
      return;
    }
    setErrors({});
    if ((await add.run(read.request)).ok) {
      form.reset();
      onAdded();
    }
  };
  return (
    <>
      {custom.length === 0 ? (
        <p>No custom attributes.</p>
      ) : (
        <ul className="plain">
          {custom.map((a) => (
            <li key={a.Name} className="row">
              <code>{a.Name}</code> <span className="aside">{a.AttributeDataType}</span>{" "}
              <span className="aside">{a.Mutable === false ? "set once" : "changeable"}</span>{" "}
              <span className="aside">{constraintsOf(a)}</span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate aria-busy={add.pending} aria-label="Add a custom attribute">
        <p className="hint">Cognito never changes or removes a custom attribute once it is added.</p>
        <Field label="Attribute name" name="Name" hint="Stored as custom:<name>." error={errors.Name} />
        <Select label="Type" name="AttributeDataType" options={TYPES} defaultValue="String" />
        <Field
          label="Minimum (length or value)"
          name="Min"
          inputMode="numeric"
          hint="For String: a length; for Number: a value. Empty: none."
          error={errors.Min}
        />
        <Field label="Maximum (length or value)" name="Max" inputMode="numeric" error={errors.Max} />
        <Checkbox label="Users and apps can change it after it is set (Mutable)" name="Mutable" defaultChecked />
        {add.state.status === "error" ? <ErrorMessage error={add.state.error} /> : null}
        {add.state.status === "success" ? <Success>Custom attribute added.</Success> : null}
        <button type="submit" disabled={add.pending}>
          {add.pending ? "Adding…" : "Add custom attribute"}
        </button>
      </form>
    </>
  );
}
