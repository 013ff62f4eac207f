/**
 * Profile: the name attributes the user may edit (GetUser, UpdateUserAttributes, DeleteUserAttributes).
 * A browser cannot read the client's WriteAttributes (DescribeUserPoolClient needs admin credentials), so the
 * fields are a fixed list of standard attributes; a pool that refuses one says so and the form shows it.
 * Clearing a field deletes the attribute: Cognito refuses an empty value in UpdateUserAttributes.
 */
import { useEffect, useState, type FormEvent } from "react";
import { errorName } from "../../auth/errorMessages";
import { useServices } from "../../app/services";
import { Success, SubmitButton, useAction } from "@authhub/ui";
import { ErrorMessage, Field, Form } from "../ui";

/** [attribute, label, autocomplete]: the standard attributes a person edits about themselves. */
export const PROFILE_ATTRIBUTES = [
  ["name", "Full name", "name"],
  ["given_name", "First name", "given-name"],
  ["family_name", "Last name", "family-name"],
  ["preferred_username", "Preferred username", "nickname"],
] as const;

type Key = (typeof PROFILE_ATTRIBUTES)[number][0];
type Values = Partial<Record<Key, string>>;

/** A standard string attribute's default maximum (StringAttributeConstraints MaxLength, 2048). */
const MAX_LENGTH = 2048;

const OVERRIDES = {
  // Cognito's answer to a write outside the client's WriteAttributes.
  NotAuthorizedException: "This app may not change one of these fields. Leave them as they were and save again.",
};

/** The field a pool error names ("Attributes did not conform to the schema: name: …"), if any. */
function fieldOf(error: unknown): Key | undefined {
  const message = error instanceof Error ? error.message : "";
  if (errorName(error) !== "InvalidParameterException") return undefined;
  return PROFILE_ATTRIBUTES.find(([key]) => new RegExp(`\\b${key}\\b`).test(message))?.[0];
}

export function ProfileForm() {
  const { auth } = useServices();
  const load = useAction(auth.fetchProfile);
  const save = useAction(auth.updateProfile);
  const [saved, setSaved] = useState<Values>({});
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Key, string>>>({});
  const [nothingChanged, setNothingChanged] = useState(false);
  const { run: runLoad } = load;

  useEffect(() => {
    void runLoad().then((outcome) => {
      if (outcome.ok) setSaved(outcome.result as Values);
    });
  }, [runLoad]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const set: Record<string, string> = {};
    const remove: string[] = [];
    const errors: Partial<Record<Key, string>> = {};
    for (const [key, label] of PROFILE_ATTRIBUTES) {
      const raw = data.get(key);
      const value = typeof raw === "string" ? raw : "";
      // Not trimmed silently: what is saved is what the user sees.
      if (value !== value.trim()) errors[key] = `${label}: remove the spaces at the start or end.`;
      else if (value === "" && saved[key] !== undefined) remove.push(key);
      else if (value !== "" && value !== saved[key]) set[key] = value;
    }
    setFieldErrors(errors);
    setNothingChanged(false);
    if (Object.keys(errors).length > 0) return;
    if (Object.keys(set).length === 0 && remove.length === 0) {
      setNothingChanged(true);
      return;
    }
    const outcome = await save.run({ set, remove });
    if (outcome.ok) {
      setSaved((before) => {
        const after: Values = { ...before, ...set };
        for (const key of remove) delete after[key as Key];
        return after;
      });
    }
  };

  if (load.state.status === "idle" || load.state.status === "pending") {
    return (
      <p role="status" aria-busy="true">
        Loading your profile…
      </p>
    );
  }
  if (load.state.status === "error") return <ErrorMessage error={load.state.error} />;

  const saveError = save.state.status === "error" ? save.state.error : undefined;
  const errorField = saveError === undefined ? undefined : fieldOf(saveError);
  return (
    <Form
      onSubmit={(event) => void onSubmit(event)}
      onAttempt={() => {
        save.reset();
        setNothingChanged(false);
      }}
      busy={save.pending}
    >
      {PROFILE_ATTRIBUTES.map(([key, label, autoComplete]) => (
        <Field
          key={key}
          label={label}
          name={key}
          autoComplete={autoComplete}
          defaultValue={saved[key]}
          required={false}
          maxLength={MAX_LENGTH}
          error={
            fieldErrors[key] ?? (errorField === key ? `${label}: the user pool does not accept this value.` : undefined)
          }
        />
      ))}
      <SubmitButton pending={save.pending} label="Save profile" pendingLabel="Saving…" />
      {save.state.status === "success" ? <Success>Your profile is saved.</Success> : null}
      {nothingChanged ? <p role="status">Nothing to save: no field has changed.</p> : null}
      {saveError !== undefined && errorField === undefined ? (
        <ErrorMessage error={saveError} overrides={OVERRIDES} />
      ) : null}
    </Form>
  );
}
