/**
 * Registered clients and test accounts of the development Facebook, Sign in with Apple and Login with Amazon
 * (development mode only, like the development Google). The client credentials are committed on purpose: they
 * only open these test doubles, and production refuses any provider pointing at /_dev/ (config/safety.ts).
 */

export const DEV_FACEBOOK_CLIENT = { clientId: "100000000000001", clientSecret: "dev-facebook-app-secret" };
export const DEV_AMAZON_CLIENT = {
  clientId: "amzn1.application-oa2-client.devamazon000000001",
  clientSecret: "dev-amazon-client-secret",
};
/**
 * The Services ID, team and key of the development Apple client. Apple keeps the public half of the key
 * (to check the client_secret JWT); the private half, below, is what an administrator gives Cognito as
 * ProviderDetails.private_key. Both committed: this key signs in to nothing but /_dev/apple.
 */
export const DEV_APPLE_CLIENT = {
  clientId: "com.example.authhub.dev",
  teamId: "DEVTEAM001",
  keyId: "DEVKEY0001",
  publicKeyPem: [
    "-----BEGIN PUBLIC KEY-----",
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKCF+RIqNQR135z9IZTaQSkuIRAXz",
    "nxkDitOGe2KxahEqfVI6SNa5RN73I1pFiovYClPcupihMzd3BiPLAMu1cQ==",
    "-----END PUBLIC KEY-----",
  ].join("\n"),
};
export const DEV_APPLE_PRIVATE_KEY = [
  "-----BEGIN PRIVATE KEY-----",
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtoOBUmX2dWn+j+XS",
  "Hb+xYGuw/UFSRYLlulgPPiDMjGWhRANCAAQoIX5Eio1BHXfnP0hlNpBKS4hEBfOf",
  "GQOK04Z7YrFqESp9UjpI1rlE3vcjWkWKi9gKU9y6mKEzN3cGI8sAy7Vx",
  "-----END PRIVATE KEY-----",
].join("\n");

export interface DevSocialAccount {
  /** Facebook's id, Amazon's user_id, Apple's sub. */
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export const DEV_FACEBOOK_ACCOUNTS: DevSocialAccount[] = [
  { id: "10000000000000001", email: "margaret.hamilton@example.com", firstName: "Margaret", lastName: "Hamilton" },
  { id: "10000000000000002", email: "john.backus@example.com", firstName: "John", lastName: "Backus" },
];
export const DEV_AMAZON_ACCOUNTS: DevSocialAccount[] = [
  {
    id: "amzn1.account.DEVKATHERINEJOHNSON01",
    email: "katherine.johnson@example.com",
    firstName: "Katherine",
    lastName: "Johnson",
  },
  {
    id: "amzn1.account.DEVDONALDKNUTH000002",
    email: "donald.knuth@example.com",
    firstName: "Donald",
    lastName: "Knuth",
  },
];
export const DEV_APPLE_ACCOUNTS: DevSocialAccount[] = [
  { id: "000101.devbarbaraliskov.0001", email: "barbara.liskov@example.com", firstName: "Barbara", lastName: "Liskov" },
  { id: "000102.devkenthompson000.0002", email: "ken.thompson@example.com", firstName: "Ken", lastName: "Thompson" },
];
