/**
 * What apps/web and apps/console share (docs/adr/0057): form primitives, useAction, the two message kinds and
 * the small router. Each app keeps what is its own (error wording, sections, password rules, routes) beside it.
 */
export { type ActionState, useAction } from "./action";
export {
  Field,
  FieldFrame,
  type FieldProps,
  FieldNotes,
  Form,
  formRaw,
  formText,
  SubmitButton,
  type FieldIds,
  useFieldIds,
} from "./forms";
export { ErrorAlert, Success } from "./messages";
export { Link, type Location, Redirect, Router, type RouterValue, useRouter, useSectionTarget } from "./router";
