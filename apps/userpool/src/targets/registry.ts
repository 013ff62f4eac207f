/**
 * The operations this server implements, by X-Amz-Target operation name. Adding an operation is
 * one file in this folder and one line here.
 */
import type { Target } from "../protocol/target.js";
import { createIdentityProvider } from "./createIdentityProvider.js";
import { describeIdentityProvider } from "./describeIdentityProvider.js";
import { listIdentityProviders } from "./listIdentityProviders.js";
import { updateIdentityProvider } from "./updateIdentityProvider.js";
import { deleteIdentityProvider } from "./deleteIdentityProvider.js";
import { createResourceServer } from "./createResourceServer.js";
import { describeResourceServer } from "./describeResourceServer.js";
import { listResourceServers } from "./listResourceServers.js";
import { updateResourceServer } from "./updateResourceServer.js";
import { deleteResourceServer } from "./deleteResourceServer.js";
import { createUserPoolDomain } from "./createUserPoolDomain.js";
import { describeUserPoolDomain } from "./describeUserPoolDomain.js";
import { deleteUserPoolDomain } from "./deleteUserPoolDomain.js";
import { adminConfirmSignUp } from "./adminConfirmSignUp.js";
import { adminResetUserPassword } from "./adminResetUserPassword.js";
import { adminUserGlobalSignOut } from "./adminUserGlobalSignOut.js";
import { changePassword } from "./changePassword.js";
import { adminAddUserToGroup } from "./adminAddUserToGroup.js";
import { adminListGroupsForUser } from "./adminListGroupsForUser.js";
import { adminRemoveUserFromGroup } from "./adminRemoveUserFromGroup.js";
import { createGroup } from "./createGroup.js";
import { deleteGroup } from "./deleteGroup.js";
import { getGroup } from "./getGroup.js";
import { listGroups } from "./listGroups.js";
import { listUsersInGroup } from "./listUsersInGroup.js";
import { updateGroup } from "./updateGroup.js";
import { adminDeleteUserAttributes } from "./adminDeleteUserAttributes.js";
import { deleteUser } from "./deleteUser.js";
import { deleteUserAttributes } from "./deleteUserAttributes.js";
import { getUserAttributeVerificationCode } from "./getUserAttributeVerificationCode.js";
import { updateUserAttributes } from "./updateUserAttributes.js";
import { verifyUserAttribute } from "./verifyUserAttribute.js";
import { confirmForgotPassword } from "./confirmForgotPassword.js";
import { forgotPassword } from "./forgotPassword.js";
import { globalSignOut } from "./globalSignOut.js";
import { adminListUserSessions } from "./adminListUserSessions.js";
import { adminRevokeUserSession } from "./adminRevokeUserSession.js";
import { listUserSessions } from "./listUserSessions.js";
import { revokeUserSession } from "./revokeUserSession.js";
import { revokeToken } from "./revokeToken.js";
import { adminCreateUser } from "./adminCreateUser.js";
import { adminDeleteUser } from "./adminDeleteUser.js";
import { adminDisableUser } from "./adminDisableUser.js";
import { adminEnableUser } from "./adminEnableUser.js";
import { adminGetUser } from "./adminGetUser.js";
import { adminInitiateAuth } from "./adminInitiateAuth.js";
import { adminRespondToAuthChallenge } from "./adminRespondToAuthChallenge.js";
import { adminSetUserPassword } from "./adminSetUserPassword.js";
import { adminUpdateUserAttributes } from "./adminUpdateUserAttributes.js";
import { confirmSignUp } from "./confirmSignUp.js";
import { createUserPool } from "./createUserPool.js";
import { createUserPoolClient } from "./createUserPoolClient.js";
import { deleteUserPool } from "./deleteUserPool.js";
import { deleteUserPoolClient } from "./deleteUserPoolClient.js";
import { describeUserPool } from "./describeUserPool.js";
import { describeUserPoolClient } from "./describeUserPoolClient.js";
import { getTokensFromRefreshToken } from "./getTokensFromRefreshToken.js";
import { getUser } from "./getUser.js";
import { initiateAuth } from "./initiateAuth.js";
import { listUserPoolClients } from "./listUserPoolClients.js";
import { listUserPools } from "./listUserPools.js";
import { listUsers } from "./listUsers.js";
import { resendConfirmationCode } from "./resendConfirmationCode.js";
import { respondToAuthChallenge } from "./respondToAuthChallenge.js";
import { signUp } from "./signUp.js";
import { updateUserPool } from "./updateUserPool.js";
import { updateUserPoolClient } from "./updateUserPoolClient.js";
import { confirmDevice } from "./confirmDevice.js";
import { listDevices } from "./listDevices.js";
import { getDevice } from "./getDevice.js";
import { forgetDevice } from "./forgetDevice.js";
import { updateDeviceStatus } from "./updateDeviceStatus.js";
import { adminListDevices } from "./adminListDevices.js";
import { adminGetDevice } from "./adminGetDevice.js";
import { adminForgetDevice } from "./adminForgetDevice.js";
import { adminUpdateDeviceStatus } from "./adminUpdateDeviceStatus.js";
import { setUserPoolMfaConfig } from "./setUserPoolMfaConfig.js";
import { getUserPoolMfaConfig } from "./getUserPoolMfaConfig.js";
import { associateSoftwareToken } from "./associateSoftwareToken.js";
import { verifySoftwareToken } from "./verifySoftwareToken.js";
import { adminDeleteSoftwareToken } from "./adminDeleteSoftwareToken.js";
import { setUserMFAPreference } from "./setUserMFAPreference.js";
import { adminSetUserMFAPreference } from "./adminSetUserMFAPreference.js";
import { setUserSettings } from "./setUserSettings.js";
import { adminSetUserSettings } from "./adminSetUserSettings.js";
import { addCustomAttributes } from "./addCustomAttributes.js";
import { updateUserPoolDomain } from "./updateUserPoolDomain.js";
import { addUserPoolClientSecret } from "./addUserPoolClientSecret.js";
import { listUserPoolClientSecrets } from "./listUserPoolClientSecrets.js";
import { deleteUserPoolClientSecret } from "./deleteUserPoolClientSecret.js";
import { tagResource } from "./tagResource.js";
import { untagResource } from "./untagResource.js";
import { listTagsForResource } from "./listTagsForResource.js";
import { getLogDeliveryConfiguration } from "./getLogDeliveryConfiguration.js";
import { setLogDeliveryConfiguration } from "./setLogDeliveryConfiguration.js";
import { startWebAuthnRegistration } from "./startWebAuthnRegistration.js";
import { completeWebAuthnRegistration } from "./completeWebAuthnRegistration.js";
import { listWebAuthnCredentials } from "./listWebAuthnCredentials.js";
import { deleteWebAuthnCredential } from "./deleteWebAuthnCredential.js";
import { getUserAuthFactors } from "./getUserAuthFactors.js";
import { adminGetUserAuthFactors } from "./adminGetUserAuthFactors.js";

const all: Target[] = [
  // pools and app clients (IAM)
  createUserPool,
  describeUserPool,
  listUserPools,
  updateUserPool,
  deleteUserPool,
  createUserPoolClient,
  describeUserPoolClient,
  listUserPoolClients,
  updateUserPoolClient,
  deleteUserPoolClient,
  // users (IAM)
  adminCreateUser,
  adminGetUser,
  adminDeleteUser,
  adminConfirmSignUp,
  adminSetUserPassword,
  adminUpdateUserAttributes,
  adminDisableUser,
  adminEnableUser,
  adminInitiateAuth,
  adminRespondToAuthChallenge,
  listUsers,
  // OAuth 2.0 / OIDC: domains, resource servers, identity providers (IAM)
  createUserPoolDomain,
  describeUserPoolDomain,
  deleteUserPoolDomain,
  createResourceServer,
  describeResourceServer,
  listResourceServers,
  updateResourceServer,
  deleteResourceServer,
  createIdentityProvider,
  describeIdentityProvider,
  listIdentityProviders,
  updateIdentityProvider,
  deleteIdentityProvider,
  // public
  signUp,
  confirmSignUp,
  resendConfirmationCode,
  initiateAuth,
  respondToAuthChallenge,
  getTokensFromRefreshToken,
  getUser,
  // account lifecycle
  forgotPassword,
  confirmForgotPassword,
  changePassword,
  adminResetUserPassword,
  globalSignOut,
  adminUserGlobalSignOut,
  revokeToken,
  // user sessions (refresh-token families)
  listUserSessions,
  adminListUserSessions,
  revokeUserSession,
  adminRevokeUserSession,
  // groups (IAM)
  createGroup,
  getGroup,
  listGroups,
  updateGroup,
  deleteGroup,
  adminAddUserToGroup,
  adminRemoveUserFromGroup,
  adminListGroupsForUser,
  listUsersInGroup,
  // the signed-in user's attributes and account
  updateUserAttributes,
  getUserAttributeVerificationCode,
  verifyUserAttribute,
  deleteUserAttributes,
  adminDeleteUserAttributes,
  deleteUser,
  // remembered devices
  confirmDevice,
  listDevices,
  getDevice,
  forgetDevice,
  updateDeviceStatus,
  adminListDevices,
  adminGetDevice,
  adminForgetDevice,
  adminUpdateDeviceStatus,
  // multi-factor sign-in
  setUserPoolMfaConfig,
  getUserPoolMfaConfig,
  associateSoftwareToken,
  verifySoftwareToken,
  adminDeleteSoftwareToken,
  setUserMFAPreference,
  adminSetUserMFAPreference,
  setUserSettings,
  adminSetUserSettings,
  // pool administration
  addCustomAttributes,
  updateUserPoolDomain,
  addUserPoolClientSecret,
  listUserPoolClientSecrets,
  deleteUserPoolClientSecret,
  tagResource,
  untagResource,
  listTagsForResource,
  getLogDeliveryConfiguration,
  setLogDeliveryConfiguration,
  // passkeys and a user's sign-in factors
  startWebAuthnRegistration,
  completeWebAuthnRegistration,
  listWebAuthnCredentials,
  deleteWebAuthnCredential,
  getUserAuthFactors,
  adminGetUserAuthFactors,
];

export const targets: ReadonlyMap<string, Target> = new Map(all.map((t) => [t.name, t]));
