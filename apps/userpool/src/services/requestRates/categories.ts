/**
 * Cognito's request-rate categories, and which category every operation and endpoint of this
 * server counts against. Source: Amazon Cognito Developer Guide, "Quotas in Amazon Cognito",
 * section "Amazon Cognito user pools API operation categories and request rate quotas"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations).
 *
 * Cognito applies each quota per AWS account and Region; this server applies it per user pool
 * (operations that name no pool, CreateUserPool and ListUserPools, share one server-wide count).
 */

/** Default quota in requests per second, as published. */
export const CATEGORY_RPS = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserFederation: 25,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserToken: 120,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  ClientAuthentication: 150,
  LimitManagement: 1,
} as const;

export type Category = keyof typeof CATEGORY_RPS;
export const CATEGORIES = Object.keys(CATEGORY_RPS) as Category[];

/**
 * Footnote 3 of the table: "Any individual operation in this category ... not higher than 5 RPS for
 * a single user pool". Cognito does not let these be raised, and neither does this server.
 */
export const PER_OPERATION_RPS = 5;
export const PER_OPERATION_CAPPED: ReadonlySet<Category> = new Set([
  "UserPoolResourceRead",
  "UserPoolResourceUpdate",
  "UserPoolClientRead",
  "UserPoolClientUpdate",
]);

/**
 * A counter beside the categories, with its limit derived from a category's:
 * - challenge answers have their own quota of three times UserAuthentication, and what goes over
 *   it counts toward UserAuthentication ("operations with special request rate handling");
 * - code redemption at the token endpoint has "an additional quota allocation at the same rate as
 *   your quota in the UserAuthentication category" (footnote 2).
 */
export type DerivedBucket = "UserAuthentication.challenges" | "UserAuthentication.codeRedemption";
export type Bucket = Category | DerivedBucket;

/**
 * The AWS JSON operations this server routes, by category.
 * `ChallengeResponse` is decided by the request (see challengeBucket).
 */
export const OPERATION_CATEGORIES: Readonly<Record<string, Category | "ChallengeResponse">> = {
  // UserAuthentication
  InitiateAuth: "UserAuthentication",
  AdminInitiateAuth: "UserAuthentication",
  GetTokensFromRefreshToken: "UserAuthentication",
  RespondToAuthChallenge: "ChallengeResponse",
  AdminRespondToAuthChallenge: "ChallengeResponse",
  // UserCreation
  SignUp: "UserCreation",
  ConfirmSignUp: "UserCreation",
  AdminCreateUser: "UserCreation",
  AdminConfirmSignUp: "UserCreation",
  // UserAccountRecovery
  ChangePassword: "UserAccountRecovery",
  ConfirmForgotPassword: "UserAccountRecovery",
  ForgotPassword: "UserAccountRecovery",
  AdminResetUserPassword: "UserAccountRecovery",
  AdminSetUserPassword: "UserAccountRecovery",
  // UserRead
  AdminGetUser: "UserRead",
  GetUser: "UserRead",
  // UserUpdate
  AdminAddUserToGroup: "UserUpdate",
  AdminDeleteUserAttributes: "UserUpdate",
  AdminUpdateUserAttributes: "UserUpdate",
  AdminDeleteUser: "UserUpdate",
  AdminDisableUser: "UserUpdate",
  AdminEnableUser: "UserUpdate",
  VerifyUserAttribute: "UserUpdate",
  DeleteUser: "UserUpdate",
  DeleteUserAttributes: "UserUpdate",
  UpdateUserAttributes: "UserUpdate",
  AdminUserGlobalSignOut: "UserUpdate",
  GlobalSignOut: "UserUpdate",
  AdminRemoveUserFromGroup: "UserUpdate",
  AssociateSoftwareToken: "UserUpdate",
  VerifySoftwareToken: "UserUpdate",
  SetUserMFAPreference: "UserUpdate",
  AdminSetUserMFAPreference: "UserUpdate",
  AdminDeleteSoftwareToken: "UserUpdate",
  SetUserSettings: "UserUpdate",
  AdminSetUserSettings: "UserUpdate",
  // UserToken
  RevokeToken: "UserToken",
  // UserResourceRead
  AdminListGroupsForUser: "UserResourceRead",
  GetUserAttributeVerificationCode: "UserResourceRead",
  ResendConfirmationCode: "UserResourceRead",
  AdminGetDevice: "UserResourceRead",
  AdminListDevices: "UserResourceRead",
  GetDevice: "UserResourceRead",
  ListDevices: "UserResourceRead",
  // UserResourceUpdate
  AdminForgetDevice: "UserResourceUpdate",
  AdminUpdateDeviceStatus: "UserResourceUpdate",
  ConfirmDevice: "UserResourceUpdate",
  ForgetDevice: "UserResourceUpdate",
  UpdateDeviceStatus: "UserResourceUpdate",
  // Not in Cognito's table: a user's sessions are counted like a user's devices.
  AdminListUserSessions: "UserResourceRead",
  ListUserSessions: "UserResourceRead",
  AdminRevokeUserSession: "UserResourceUpdate",
  RevokeUserSession: "UserResourceUpdate",
  // Threat protection, as Cognito's table places them.
  AdminListUserAuthEvents: "UserResourceRead",
  AdminUpdateAuthEventFeedback: "UserResourceUpdate",
  UpdateAuthEventFeedback: "UserResourceUpdate",
  DescribeRiskConfiguration: "UserPoolRead",
  SetRiskConfiguration: "UserPoolUpdate",
  // Passkeys: placed by this server like a user's devices and GetUser, not checked against the published table.
  ListWebAuthnCredentials: "UserResourceRead",
  StartWebAuthnRegistration: "UserResourceUpdate",
  CompleteWebAuthnRegistration: "UserResourceUpdate",
  DeleteWebAuthnCredential: "UserResourceUpdate",
  GetUserAuthFactors: "UserRead",
  AdminGetUserAuthFactors: "UserRead",
  // UserList
  ListUsers: "UserList",
  ListUsersInGroup: "UserList",
  // UserPoolRead / UserPoolUpdate
  DescribeUserPool: "UserPoolRead",
  ListUserPools: "UserPoolRead",
  GetUserPoolMfaConfig: "UserPoolRead",
  SetUserPoolMfaConfig: "UserPoolUpdate",
  CreateUserPool: "UserPoolUpdate",
  UpdateUserPool: "UserPoolUpdate",
  DeleteUserPool: "UserPoolUpdate",
  // Pool administration: placed by this server with the pool's own reads and updates, not checked against the
  // published table (docs/security/rate-limits.md says so too).
  AddCustomAttributes: "UserPoolUpdate",
  TagResource: "UserPoolUpdate",
  UntagResource: "UserPoolUpdate",
  ListTagsForResource: "UserPoolRead",
  GetLogDeliveryConfiguration: "UserPoolRead",
  SetLogDeliveryConfiguration: "UserPoolUpdate",
  // Branding and terms: placed by this server with the pool's reads and updates (not in the published table).
  SetUICustomization: "UserPoolUpdate",
  GetUICustomization: "UserPoolRead",
  CreateManagedLoginBranding: "UserPoolResourceUpdate",
  DescribeManagedLoginBranding: "UserPoolResourceRead",
  DescribeManagedLoginBrandingByClient: "UserPoolResourceRead",
  UpdateManagedLoginBranding: "UserPoolResourceUpdate",
  DeleteManagedLoginBranding: "UserPoolResourceUpdate",
  CreateTerms: "UserPoolResourceUpdate",
  DescribeTerms: "UserPoolResourceRead",
  DescribeTermsByClient: "UserPoolResourceRead",
  ListTerms: "UserPoolResourceRead",
  UpdateTerms: "UserPoolResourceUpdate",
  DeleteTerms: "UserPoolResourceUpdate",
  // UserPoolResourceRead
  DescribeIdentityProvider: "UserPoolResourceRead",
  DescribeResourceServer: "UserPoolResourceRead",
  DescribeUserPoolDomain: "UserPoolResourceRead",
  GetGroup: "UserPoolResourceRead",
  ListGroups: "UserPoolResourceRead",
  ListIdentityProviders: "UserPoolResourceRead",
  ListResourceServers: "UserPoolResourceRead",
  DescribeUserImportJob: "UserPoolResourceRead",
  GetCSVHeader: "UserPoolResourceRead",
  ListUserImportJobs: "UserPoolResourceRead",
  // UserPoolResourceUpdate
  CreateGroup: "UserPoolResourceUpdate",
  CreateIdentityProvider: "UserPoolResourceUpdate",
  CreateResourceServer: "UserPoolResourceUpdate",
  CreateUserPoolDomain: "UserPoolResourceUpdate",
  DeleteGroup: "UserPoolResourceUpdate",
  DeleteIdentityProvider: "UserPoolResourceUpdate",
  DeleteResourceServer: "UserPoolResourceUpdate",
  DeleteUserPoolDomain: "UserPoolResourceUpdate",
  UpdateGroup: "UserPoolResourceUpdate",
  UpdateIdentityProvider: "UserPoolResourceUpdate",
  UpdateResourceServer: "UserPoolResourceUpdate",
  CreateUserImportJob: "UserPoolResourceUpdate",
  StartUserImportJob: "UserPoolResourceUpdate",
  StopUserImportJob: "UserPoolResourceUpdate",
  UpdateUserPoolDomain: "UserPoolResourceUpdate", // with its siblings; not checked against the table
  // UserPoolClientRead / UserPoolClientUpdate
  DescribeUserPoolClient: "UserPoolClientRead",
  ListUserPoolClients: "UserPoolClientRead",
  CreateUserPoolClient: "UserPoolClientUpdate",
  DeleteUserPoolClient: "UserPoolClientUpdate",
  UpdateUserPoolClient: "UserPoolClientUpdate",
  // The client secret operations count with the client's own; not checked against the published table.
  ListUserPoolClientSecrets: "UserPoolClientRead",
  AddUserPoolClientSecret: "UserPoolClientUpdate",
  DeleteUserPoolClientSecret: "UserPoolClientUpdate",
  // Session configuration, replicas and point-in-time recovery: placed by this server with the pool's or client's
  // own reads and updates, not checked against the published table. The provisioned-limit operations are its
  // LimitManagement row.
  GetUserPoolSessionConfiguration: "UserPoolRead",
  SetUserPoolSessionConfiguration: "UserPoolUpdate",
  GetUserPoolClientSessionConfiguration: "UserPoolClientRead",
  SetUserPoolClientSessionConfiguration: "UserPoolClientUpdate",
  GetProvisionedLimit: "LimitManagement",
  UpdateProvisionedLimit: "LimitManagement",
  CreateUserPoolReplica: "UserPoolUpdate",
  DeleteUserPoolReplica: "UserPoolUpdate",
  UpdateUserPoolReplica: "UserPoolUpdate",
  ListUserPoolReplicas: "UserPoolRead",
  InitiatePointInTimeRecovery: "UserPoolUpdate",
  StartPointInTimeRecovery: "UserPoolUpdate",
  CancelPointInTimeRecovery: "UserPoolUpdate",
  DescribePointInTimeRecovery: "UserPoolRead",
  ListPointInTimeRecoveries: "UserPoolRead",
  // Federation administration and client tokens: placed by this server (federation with UserFederation, reads of
  // providers with their siblings); not checked against the published table.
  AdminLinkProviderForUser: "UserFederation",
  AdminDisableProviderForUser: "UserFederation",
  GetIdentityProviderByIdentifier: "UserPoolResourceRead",
  GetSigningCertificate: "UserPoolResourceRead",
  // GetClientToken counts with the client_credentials grant, GetDerivedToken with RevokeToken.
  GetClientToken: "ClientAuthentication",
  GetDerivedToken: "UserToken",
  // CIMD policies count with their app client's reads and updates; not checked against the published table.
  CreateCIMDPolicy: "UserPoolClientUpdate",
  DescribeCIMDPolicy: "UserPoolClientRead",
  ListCIMDPolicies: "UserPoolClientRead",
  UpdateCIMDPolicy: "UserPoolClientUpdate",
  DeleteCIMDPolicy: "UserPoolClientUpdate",
  ListClientMetadataURLs: "UserPoolClientRead",
  UpdateClientMetadataURLState: "UserPoolClientUpdate",
};

/**
 * Footnote 1: a challenge answer with ChallengeName NEW_PASSWORD_REQUIRED counts toward
 * UserAccountRecovery; every other answer toward the challenge allocation of UserAuthentication.
 */
export function challengeBucket(challengeName: unknown): Bucket {
  return challengeName === "NEW_PASSWORD_REQUIRED" ? "UserAccountRecovery" : "UserAuthentication.challenges";
}

/**
 * Token endpoint grants (row "UserAuthentication": token refresh; footnote 2: code redemption;
 * row "ClientAuthentication").
 */
export const TOKEN_GRANT_BUCKETS: Readonly<Record<string, Bucket>> = {
  authorization_code: "UserAuthentication.codeRedemption",
  refresh_token: "UserAuthentication",
  client_credentials: "ClientAuthentication",
};

/** Endpoints with a per-client-address limit (requests per minute per address). */
export const ADDRESS_ENDPOINTS = [
  "SignUp",
  "InitiateAuth",
  "ConfirmSignUp",
  "ForgotPassword",
  "ConfirmUserLink",
  "HostedLogin",
  "TokenEndpoint",
] as const;
export type AddressEndpoint = (typeof ADDRESS_ENDPOINTS)[number];

/**
 * Production defaults per client address and minute. Several people can share one address (an
 * office or carrier NAT), so each allows a burst far above one person's need while holding a
 * single address to a small fraction of the pool's category quota:
 * - SignUp, ForgotPassword 20: a person signs up or asks for a reset once; each one sends mail.
 * - ConfirmSignUp, ConfirmUserLink 30: a code or link per sign-up, plus typing mistakes.
 * - HostedLogin 60, InitiateAuth 120: sign-ins; InitiateAuth also carries REFRESH_TOKEN_AUTH,
 *   which every signed-in app behind the address calls about hourly.
 * - TokenEndpoint 300: code exchange, refresh and client_credentials, also from servers.
 */
export const ADDRESS_LIMITS_PER_MINUTE: Readonly<Record<AddressEndpoint, number>> = {
  SignUp: 20,
  InitiateAuth: 120,
  ConfirmSignUp: 30,
  ForgotPassword: 20,
  ConfirmUserLink: 30,
  HostedLogin: 60,
  TokenEndpoint: 300,
};

/** JSON operations limited per address. The hosted pages that run them share their counters. */
export const OPERATION_ADDRESS_ENDPOINTS: Readonly<Record<string, AddressEndpoint>> = {
  SignUp: "SignUp",
  InitiateAuth: "InitiateAuth",
  ConfirmSignUp: "ConfirmSignUp",
  ForgotPassword: "ForgotPassword",
};

/**
 * What each HTTP endpoint other than the JSON API counts, as "METHOD path" (hosted paths below the
 * hosted base). `operation`: the page runs that JSON operation, which counts as it does through
 * the API. `category`: counted once per request against the pool it serves. `grants`: by grant
 * type. `address`: also limited per client address. `none`: not counted, with the reason.
 */
export type EndpointRate =
  | { category: Category; address?: AddressEndpoint }
  | { operation: string; address?: AddressEndpoint }
  | { grants: Readonly<Record<string, Bucket>>; address: AddressEndpoint }
  | { none: string };

const PAGE_VIEW = "shows a page; Cognito counts managed login only where a user signs in or acts";
const PREFLIGHT = "CORS preflight: answered without reading anything";

export const ENDPOINT_RATES: Readonly<Record<string, EndpointRate>> = {
  // The JSON API's listener
  "GET /confirmUser": { category: "UserCreation", address: "ConfirmUserLink" },
  // The hosted listener. Row UserAuthentication: "Managed login or classic hosted UI sign-in".
  "GET /oauth2/authorize": {
    none: "a redirect to the sign-in page or the identity provider; the sign-in itself is counted",
  },
  "GET /login": { none: PAGE_VIEW },
  "POST /login": { category: "UserAuthentication", address: "HostedLogin" },
  // The MFA step of a hosted sign-in (RespondToAuthChallenge's category); shares the login's address limit.
  "GET /mfa": { none: "shows the MFA page of a sign-in already counted at POST /login" },
  "POST /mfa": { category: "UserAuthentication", address: "HostedLogin" },
  // Managed login's passkey prompt after a hosted sign-in: CompleteWebAuthnRegistration's category.
  "POST /passkey": { category: "UserResourceUpdate" },
  "GET /signup": { none: PAGE_VIEW },
  "POST /signup": { operation: "SignUp", address: "SignUp" },
  "GET /confirm": { none: PAGE_VIEW },
  "POST /confirm": { operation: "ConfirmSignUp", address: "ConfirmSignUp" },
  "GET /forgotPassword": { none: PAGE_VIEW },
  "POST /forgotPassword": { operation: "ForgotPassword", address: "ForgotPassword" },
  "GET /confirmForgotPassword": { none: PAGE_VIEW },
  "POST /confirmForgotPassword": { operation: "ConfirmForgotPassword" },
  "GET /logout": { none: "clears the hosted session and redirects" },
  "POST /logout": { none: "RP-Initiated Logout by form post: clears the hosted session, as GET /logout does" },
  // Row UserFederation: "Operations that submit an IdP response to a user pool federation endpoint".
  "GET /oauth2/idpresponse": { category: "UserFederation" },
  "POST /oauth2/idpresponse": { category: "UserFederation" },
  "POST /saml2/idpresponse": { category: "UserFederation" },
  // An IdP's single-logout message is an IdP response to a federation endpoint too.
  "POST /saml2/logout": { category: "UserFederation" },
  "OPTIONS /oauth2/token": { none: PREFLIGHT },
  "POST /oauth2/token": { grants: TOKEN_GRANT_BUCKETS, address: "TokenEndpoint" },
  // Not in Cognito's table; it reads the user as GetUser does.
  "OPTIONS /oauth2/userInfo": { none: PREFLIGHT },
  "GET /oauth2/userInfo": { category: "UserRead" },
  "POST /oauth2/userInfo": { category: "UserRead" },
  // Not in Cognito's table; the endpoint form of RevokeToken.
  "OPTIONS /oauth2/revoke": { none: PREFLIGHT },
  "POST /oauth2/revoke": { category: "UserToken" },
  "GET /health": { none: "liveness probe" },
  "GET /ready": { none: "readiness probe (one database round trip)" },
  "GET /favicon.ico": { none: "a constant 16-pixel icon, no state read" },
  "GET /": {
    none: "development only: a constant page (hosted: flows and providers; JSON API: how to call it), no state read",
  },
  "GET /_branding/:pool/:client/:file": { none: "a pool's logo at its ImageUrl: static, cacheable" },
  "USE /_dev/google": { none: "the development identity provider (development mode only)" },
  "USE /_dev/saml": { none: "the development SAML IdP (development mode only)" },
  "USE /_dev/facebook": { none: "the development Facebook (development mode only)" },
  "USE /_dev/apple": { none: "the development Sign in with Apple (development mode only)" },
  "USE /_dev/amazon": { none: "the development Login with Amazon (development mode only)" },
};

/** The category an endpoint counts, for the `category` kind (a programming error otherwise). */
export function endpointCategory(endpoint: string): Category {
  const rate = ENDPOINT_RATES[endpoint];
  if (!rate || !("category" in rate)) throw new Error(`${endpoint} has no category in ENDPOINT_RATES`);
  return rate.category;
}

/** The per-address counter of an endpoint (a programming error if it has none). */
export function endpointAddress(endpoint: string): AddressEndpoint {
  const rate = ENDPOINT_RATES[endpoint];
  const address = rate && "address" in rate ? rate.address : undefined;
  if (!address) throw new Error(`${endpoint} has no per-address limit in ENDPOINT_RATES`);
  return address;
}
