import type {
  AddCustomAttributesRequest,
  AddCustomAttributesResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { UserPoolId } from "../protocol/fields.js";
import { SchemaAttributeInput } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { checkSchemaAttributes } from "../services/poolSettings.js";
import { customAttributeNames } from "../services/pools.js";

type Deps = Pick<Services, "pools">;

/** Quotas in Amazon Cognito: custom attributes per user pool. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/**
 * API reference, AddCustomAttributes: 1 to 25 attributes named without the "custom:" prefix, added to the
 * pool's schema for good (custom attributes cannot be deleted or changed later).
 */
export const addCustomAttributes = defineTarget<AddCustomAttributesRequest>()({
  name: "AddCustomAttributes",
  access: "admin",
  input: z.object({ UserPoolId, CustomAttributes: z.array(SchemaAttributeInput).min(1).max(25) }),
  async handle(deps: Deps, req): Promise<AddCustomAttributesResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    checkSchemaAttributes(req.CustomAttributes, "CustomAttributes");
    const taken = customAttributeNames(pool.settings);
    const added = req.CustomAttributes.map((a) => ({
      ...a,
      // Stored with the prefix so that a name like "email" stays the custom attribute custom:email.
      Name: a.Name.startsWith("custom:") ? a.Name : `custom:${a.Name}`,
    }));
    for (const a of added) {
      if (taken.has(a.Name)) throw new InvalidParameterException(`Existing attribute already has name ${a.Name}.`);
      checkConstraints(a);
      taken.add(a.Name);
    }
    if (taken.size > MAX_CUSTOM_ATTRIBUTES)
      throw new InvalidParameterException(
        `A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; it has ${taken.size - added.length}.`,
      );
    await deps.pools.replaceSettings(pool, { ...pool.settings, Schema: [...(pool.settings.Schema ?? []), ...added] });
    return {};
  },
});

/** SchemaAttributeType: constraints are numbers, fit the data type, and a minimum is not above the maximum. */
function checkConstraints(a: z.infer<typeof SchemaAttributeInput>): void {
  const type = a.AttributeDataType ?? "String";
  const fail = (why: string) => {
    throw new InvalidParameterException(`CustomAttributes ${a.Name}: ${why}.`);
  };
  if (a.StringAttributeConstraints) {
    if (type !== "String") fail("StringAttributeConstraints apply to String attributes only");
    const { MinLength, MaxLength } = a.StringAttributeConstraints;
    const min = MinLength === undefined ? 0 : Number(MinLength);
    const max = MaxLength === undefined ? 2048 : Number(MaxLength);
    // Cognito's string attributes hold at most 2048 characters.
    if (![min, max].every((n) => Number.isInteger(n) && n >= 0 && n <= 2048))
      fail("MinLength and MaxLength must be whole numbers from 0 to 2048");
    if (min > max) fail("MinLength must not be greater than MaxLength");
  }
  if (a.NumberAttributeConstraints) {
    if (type !== "Number") fail("NumberAttributeConstraints apply to Number attributes only");
    const { MinValue, MaxValue } = a.NumberAttributeConstraints;
    const min = MinValue === undefined ? undefined : Number(MinValue);
    const max = MaxValue === undefined ? undefined : Number(MaxValue);
    if ([min, max].some((n) => n !== undefined && !Number.isInteger(n))) fail("MinValue and MaxValue must be integers");
    if (min !== undefined && max !== undefined && min > max) fail("MinValue must not be greater than MaxValue");
  }
}
