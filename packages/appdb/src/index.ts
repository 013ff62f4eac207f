export * from "./schema.js";
export * from "./config.js";
export * from "./db.js";
export * from "./migrate.js";
export * from "./seeds.js";
