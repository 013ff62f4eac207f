/** Test accounts and registered clients of the development Google provider (config file `DevGoogle`). */
export interface DevGoogleAccount {
  sub: string;
  email: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
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
