import { describe, expect, it } from "vitest";
import type { Pool } from "../services/pools.js";
import { ctx, fakeDeps, pool, settingsPools } from "../../test/support/fakes.js";
import { addCustomAttributes } from "./addCustomAttributes.js";

const add = (p: Pool, CustomAttributes: Parameters<typeof addCustomAttributes.handle>[1]["CustomAttributes"]) => {
  const s = settingsPools(p);
  const deps = fakeDeps(addCustomAttributes, { pools: s.pools });
  return { ...s, result: addCustomAttributes.handle(deps, { UserPoolId: p.id, CustomAttributes }, ctx) };
};

// API reference, AddCustomAttributes; SchemaAttributeType for the constraints.
describe("AddCustomAttributes", () => {
  it("appends the attributes to the pool's schema with the custom: prefix and answers nothing", async () => {
    const p = pool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
    const { pools, result } = add(p, [
      { Name: "plan", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "1", MaxLength: "16" } },
      { Name: "seats", AttributeDataType: "Number", Mutable: false, NumberAttributeConstraints: { MinValue: "1" } },
      { Name: "email", AttributeDataType: "Boolean" },
    ]);
    expect(await result).toEqual({});
    expect(pools.replaceSettings.mock.lastCall?.[1]?.Schema).toEqual([
      { Name: "tenant", AttributeDataType: "String" },
      {
        Name: "custom:plan",
        AttributeDataType: "String",
        StringAttributeConstraints: { MinLength: "1", MaxLength: "16" },
      },
      {
        Name: "custom:seats",
        AttributeDataType: "Number",
        Mutable: false,
        NumberAttributeConstraints: { MinValue: "1" },
      },
      // A standard attribute's name makes a custom attribute, not a change to the standard one.
      { Name: "custom:email", AttributeDataType: "Boolean" },
    ]);
  });

  it("refuses a name the pool already has, or one given twice, and stores nothing", async () => {
    const p = pool({ Schema: [{ Name: "tenant" }] });
    const taken = add(p, [{ Name: "tenant" }]);
    await expect(taken.result).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Existing attribute already has name custom:tenant.",
    });
    const twice = add(p, [{ Name: "plan" }, { Name: "plan" }]);
    await expect(twice.result).rejects.toMatchObject({ message: "Existing attribute already has name custom:plan." });
    expect(taken.pools.replaceSettings).not.toHaveBeenCalled();
    expect(twice.pools.replaceSettings).not.toHaveBeenCalled();
  });

  it("refuses more than 50 custom attributes in the pool", async () => {
    const p = pool({ Schema: Array.from({ length: 49 }, (_, i) => ({ Name: `a${i}` })) });
    expect(await add(p, [{ Name: "last" }]).result).toEqual({});
    const over = add(p, [{ Name: "one" }, { Name: "two" }]);
    await expect(over.result).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "A user pool can have at most 50 custom attributes; it has 49.",
    });
  });

  it("refuses required custom attributes as Cognito does, and unhonoured kinds by name", async () => {
    const p = pool();
    await expect(add(p, [{ Name: "plan", Required: true }]).result).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Required custom attributes are not supported currently. (plan)",
    });
    await expect(add(p, [{ Name: "born", AttributeDataType: "DateTime" }]).result).rejects.toMatchObject({
      message: expect.stringContaining("CustomAttributes born: AttributeDataType DateTime"),
    });
    await expect(add(p, [{ Name: "secret", DeveloperOnlyAttribute: true }]).result).rejects.toMatchObject({
      message: expect.stringContaining("CustomAttributes secret: DeveloperOnlyAttribute true"),
    });
  });

  it("refuses constraints that do not fit the type or contradict each other", async () => {
    const p = pool();
    const cases: [Parameters<typeof addCustomAttributes.handle>[1]["CustomAttributes"][number], string][] = [
      [{ Name: "a", StringAttributeConstraints: { MinLength: "5", MaxLength: "2" } }, "MinLength must not be greater"],
      [{ Name: "b", StringAttributeConstraints: { MaxLength: "4096" } }, "from 0 to 2048"],
      [{ Name: "c", StringAttributeConstraints: { MinLength: "x" } }, "from 0 to 2048"],
      [
        { Name: "d", AttributeDataType: "Number", StringAttributeConstraints: { MaxLength: "3" } },
        "String attributes only",
      ],
      [{ Name: "e", NumberAttributeConstraints: { MinValue: "1" } }, "Number attributes only"],
      [
        { Name: "f", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "9", MaxValue: "1" } },
        "MinValue must not be greater",
      ],
      [{ Name: "g", AttributeDataType: "Number", NumberAttributeConstraints: { MaxValue: "1.5" } }, "must be integers"],
    ];
    for (const [attr, why] of cases) {
      const r = add(p, [attr]);
      await expect(r.result).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringMatching(new RegExp(`^CustomAttributes custom:${attr.Name}: .*${why}`)),
      });
      expect(r.pools.replaceSettings).not.toHaveBeenCalled();
    }
  });
});
