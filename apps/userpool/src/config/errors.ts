/** Bad configuration: the message names the field or variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
