import { readFileSync } from "node:fs";
import { ConfigError } from "./errors.js";
import { UserpoolFileSchema, type ParsedFileConfig, type UserpoolFileConfig } from "./fileSchema.js";

/** Reads and validates a config file; errors name the file and the field path. */
export function readFileConfig(path: string): ParsedFileConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseFileConfig(raw, path);
}

/** Validates a config object (from a file or passed in-process). Unknown keys are errors, so typos are caught. */
export function parseFileConfig(raw: unknown, origin = "config"): ParsedFileConfig {
  const r = UserpoolFileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 10).map((i) => `  ${fieldPath(i.path)}: ${i.message}`);
    throw new ConfigError(`${origin} is invalid:\n${lines.join("\n")}`);
  }
  const unknown = unknownKeys(raw, r.data, []);
  if (unknown.length)
    throw new ConfigError(
      `${origin} is invalid:\n${unknown
        .slice(0, 10)
        .map((p) => `  ${p}: unknown setting`)
        .join("\n")}`,
    );
  checkUniqueIds(r.data, origin);
  return r.data;
}

export function isFileConfig(value: unknown): value is UserpoolFileConfig {
  return typeof value === "object" && value !== null && "UserPools" in value;
}

/**
 * zod drops keys it does not know; any key of the input missing from the output was unknown. Own
 * keys only: `"constructor" in output` is true for every object, which let that key pass unreported.
 */
function unknownKeys(input: unknown, output: unknown, path: PropertyKey[]): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((v, i) => unknownKeys(v, output[i], [...path, i]));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  const out: string[] = [];
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(output, key)) out.push(fieldPath([...path, key]));
    else out.push(...unknownKeys(input[key], output[key], [...path, key]));
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("") || "(root)";
}

function checkUniqueIds(cfg: ParsedFileConfig, origin: string): void {
  const pools = new Set<string>();
  const clients = new Set<string>();
  cfg.UserPools.forEach((p, i) => {
    if (pools.has(p.Id))
      throw new ConfigError(`${origin} is invalid:\n  UserPools[${i}].Id: duplicate pool ID ${p.Id}`);
    pools.add(p.Id);
    p.Clients.forEach((c, j) => {
      if (clients.has(c.ClientId))
        throw new ConfigError(
          `${origin} is invalid:\n  UserPools[${i}].Clients[${j}].ClientId: duplicate client ID ${c.ClientId}`,
        );
      clients.add(c.ClientId);
      if (c.GenerateSecret && c.ClientSecretFromEnv) {
        throw new ConfigError(
          `${origin} is invalid:\n  UserPools[${i}].Clients[${j}]: set GenerateSecret or ClientSecretFromEnv, not both`,
        );
      }
    });
  });
}
