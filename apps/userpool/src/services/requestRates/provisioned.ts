/**
 * GetProvisionedLimit / UpdateProvisionedLimit over this server's request-rate limits. Cognito provisions a
 * category's rate per account and Region; here the provisioned value is the server-wide limit of the category,
 * counted per pool as every category limit is (categories.ts), and a pool's own `RequestRateLimits` in the config
 * file still wins for that pool (ADR 0032).
 */
import type { LimitDefinitionType, LimitType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../../clock.js";
import { MAX_LIMIT } from "../../config/rateLimits.js";
import { InvalidParameterException } from "../../errors/cognitoErrors.js";
import type { Store } from "../../store/index.js";
import { CATEGORIES, CATEGORY_RPS, type Category } from "./categories.js";
import type { RequestRateLimiter } from "./limiter.js";

export class ProvisionedLimitService {
  constructor(private readonly deps: { store: Store; clock: Clock; requestRates: RequestRateLimiter }) {}

  /** The limit the server enforces for the category, beside the published default ("free") rate. */
  get(definition: LimitDefinitionType): LimitType {
    const category = categoryOf(definition);
    const value = this.deps.requestRates.serverLimit(category);
    if (value === undefined)
      throw new InvalidParameterException(
        `Category ${category} has no request-rate limit on this server (request-rate limits are off); ` +
          "UpdateProvisionedLimit or the rateLimits configuration sets one.",
      );
    return limitType(category, value);
  }

  /**
   * "The value must be between the default limit and your account-level maximum limit" (API reference,
   * UpdateProvisionedLimit): from the published default to the server's largest configurable limit.
   */
  async update(definition: LimitDefinitionType, requested: number): Promise<LimitType> {
    const category = categoryOf(definition);
    const free = CATEGORY_RPS[category];
    if (requested < free || requested > MAX_LIMIT)
      throw new InvalidParameterException(
        `RequestedLimitValue ${requested} for ${category} must be between the default limit ${free} and ${MAX_LIMIT}.`,
      );
    await this.deps.store.administration.putProvisionedLimit(category, requested, this.deps.clock.now().getTime());
    this.deps.requestRates.provision(category, requested);
    return limitType(category, requested);
  }
}

function categoryOf(d: LimitDefinitionType): Category {
  const names = Object.keys(d.Attributes ?? {});
  const category = d.Attributes?.Category;
  if (names.length !== 1 || category === undefined)
    throw new InvalidParameterException(
      `LimitDefinition.Attributes must name exactly one key, Category; got ${names.join(", ") || "none"}.`,
    );
  if (!(CATEGORIES as string[]).includes(category))
    throw new InvalidParameterException(
      `LimitDefinition.Attributes.Category ${category} is not a request-rate category (${CATEGORIES.join(", ")}).`,
    );
  return category as Category;
}

const limitType = (category: Category, value: number): LimitType => ({
  LimitDefinition: { LimitClass: "API_CATEGORY", Attributes: { Category: category } },
  ProvisionedLimitValue: value,
  FreeLimitValue: CATEGORY_RPS[category],
});
