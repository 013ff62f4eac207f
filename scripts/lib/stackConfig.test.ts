import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORIGINS, loadStackConfig, STACK_CONFIG_PATH } from "./stackConfig.js";
import { repoPath } from "./repo.js";

describe("the stack's userpool configuration", () => {
  it("on the default ports is the committed file, with module paths made absolute", () => {
    const config = loadStackConfig(DEFAULT_ORIGINS);
    const raw = readFileSync(STACK_CONFIG_PATH, "utf8");
    const client = config.UserPools[0]!.Clients![0]!;
    expect(client.CallbackURLs).toEqual(["http://localhost:3000/"]);
    expect(client.LogoutURLs).toEqual(["http://localhost:3000/"]);
    expect(raw).toContain("file:../packages/triggers/dist/index.mjs");
    expect(JSON.stringify(config)).toContain(`file:${repoPath("packages/triggers/dist/index.mjs")}`);
  });

  it("moves every default origin to this stack's ports and leaves nothing pointing at the defaults", () => {
    const origins = {
      userpool: "http://localhost:19229",
      userpoolHttps: "https://localhost:19443",
      web: "http://localhost:13000",
    };
    const text = JSON.stringify(loadStackConfig(origins));
    for (const o of Object.values(DEFAULT_ORIGINS)) expect(text).not.toContain(`${o}/`);
    expect(text).toContain("http://localhost:13000/");
  });

  it("lets a test adjust the parsed configuration", () => {
    const config = loadStackConfig(DEFAULT_ORIGINS, (c) => {
      c.UserPools[0]!.Clients![0]!.AccessTokenValidity = 5;
    });
    expect(config.UserPools[0]!.Clients![0]!.AccessTokenValidity).toBe(5);
  });
});
