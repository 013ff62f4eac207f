/** Test accounts and registered clients of the development Google provider (config file `DevGoogle`). */
export interface DevGoogleAccount {
  sub: string;
  email: string;
  // `| undefined`: accounts come from the config file's schema, whose optional members may be absent or undefined.
  email_verified?: boolean | undefined;
  name?: string | undefined;
  given_name?: string | undefined;
  family_name?: string | undefined;
  picture?: string | undefined;
}

export interface DevGoogleConfig {
  clients: { clientId: string; clientSecret: string }[];
  accounts: DevGoogleAccount[];
}

/** Used when the config file has no DevGoogle section. */
export const DEFAULT_DEV_GOOGLE: DevGoogleConfig = {
  clients: [],
  accounts: [
    {
      sub: "100000000000000000001",
      email: "ada.lovelace@example.com",
      email_verified: true,
      name: "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
    },
    {
      sub: "100000000000000000002",
      email: "alan.turing@example.com",
      email_verified: true,
      name: "Alan Turing",
      given_name: "Alan",
      family_name: "Turing",
    },
  ],
};
