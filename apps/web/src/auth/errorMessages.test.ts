import { describe, expect, it } from "vitest";
import { errorName, humanizeError } from "./errorMessages";

const err = (name: string, message = "") => Object.assign(new Error(message), { name });

describe("humanizeError", () => {
  it.each([
    ["CodeMismatchException", "That code is not right. Check the latest email or ask for a new code."],
    ["ExpiredCodeException", /expired/],
    ["UserNotConfirmedException", /not verified yet/],
    ["UsernameExistsException", /already exists/],
    ["LimitExceededException", /Too many attempts/],
    ["TooManyFailedAttemptsException", /Too many wrong codes/],
    ["UserNotFoundException", /could not find an account/],
    ["InvalidParameterException", /not valid/],
    ["NetworkError", /Cannot reach the sign-in service/],
    ["UserAlreadyAuthenticatedException", /already signed in/],
    ["EnableSoftwareTokenMFAException", /current 6-digit code from your authenticator app/],
    ["SoftwareTokenMFANotFoundException", /No authenticator app is set up/],
    ["InvalidUserPoolConfigurationException", /does not allow that sign-in setting/],
    ["DeviceMetadataNotFoundException", /cannot be remembered/],
    ["IncorrectMFAMethod", /Choose one of the offered/],
    ["UnknownOperationException", /does not offer this feature/],
  ])("maps %s to a sentence", (name, expected) => {
    const text = humanizeError(err(name, "developer text"));
    if (typeof expected === "string") expect(text).toBe(expected);
    else expect(text).toMatch(expected);
    expect(text).not.toContain("developer text");
  });

  it("tells NotAuthorizedException's situations apart by Cognito's message", () => {
    expect(humanizeError(err("NotAuthorizedException", "Incorrect username or password."))).toBe(
      "The email or password is not right.",
    );
    expect(
      humanizeError(err("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")),
    ).toMatch(/already verified/);
    expect(humanizeError(err("NotAuthorizedException", "User is disabled."))).toMatch(/disabled/);
    expect(humanizeError(err("NotAuthorizedException", "Password attempts exceeded"))).toMatch(
      /Too many failed sign-in attempts/,
    );
    expect(humanizeError(err("NotAuthorizedException", "Access Token has been revoked"))).toMatch(/session has ended/);
    // An MFA step answered after the challenge session expired (Cognito's wording).
    expect(humanizeError(err("NotAuthorizedException", "Invalid session for the user, session is expired."))).toBe(
      "This sign-in took too long and has expired. Sign in again to get a new code.",
    );
  });

  it("keeps the failed password rule, which helps the user", () => {
    expect(
      humanizeError(
        err(
          "InvalidPasswordException",
          "Password did not conform with policy: Password must have uppercase characters",
        ),
      ),
    ).toBe("That password is not strong enough. Password must have uppercase characters.");
    expect(humanizeError(err("InvalidPasswordException", "weird"))).toMatch(
      /^That password is not strong enough\. Use a longer/,
    );
  });

  it("covers Amplify's client-side Empty… validation errors", () => {
    expect(humanizeError(err("EmptySignInPassword"))).toBe("Please fill in every field.");
  });

  it("treats a failed fetch as a network error", () => {
    expect(humanizeError(new TypeError("Failed to fetch"))).toMatch(/Cannot reach/);
  });

  it("falls back to a generic sentence for unknown errors and non-errors", () => {
    expect(humanizeError(err("SomethingNew", "stack trace here"))).toBe("Something went wrong. Please try again.");
    expect(humanizeError("plain string")).toBe("Something went wrong. Please try again.");
    expect(humanizeError(undefined)).toBe("Something went wrong. Please try again.");
  });

  it("lets a form override the wording for one error name", () => {
    expect(
      humanizeError(err("NotAuthorizedException"), { NotAuthorizedException: "Your current password is not right." }),
    ).toBe("Your current password is not right.");
  });

  it("names the field and the rule of a validation error instead of 'some of the details'", () => {
    const invalid = (message: string) => humanizeError(err("InvalidParameterException", message));
    expect(
      invalid(
        "1 validation error detected: Value at 'username' failed to satisfy constraint: " +
          "Member must have length less than or equal to 128",
      ),
    ).toBe("The email address is too long: use at most 128 characters.");
    expect(
      invalid(
        "2 validation errors detected: Value at 'password' failed to satisfy constraint: Member must have length " +
          "less than or equal to 256; Value at 'username' failed to satisfy constraint: Member must not be null",
      ),
    ).toBe("The password is too long: use at most 256 characters.");
    // Cognito's own pattern, and this project's pool's: both mean no space at either end.
    expect(
      invalid(
        "1 validation error detected: Value at 'password' failed to satisfy constraint: " +
          "Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
      ),
    ).toBe("Password must not start or end with a space.");
    expect(
      invalid(
        "1 validation error detected: Value at 'proposedPassword' failed to satisfy constraint: " +
          "Member must satisfy regular expression pattern: \\S(?:[\\s\\S]*\\S)?",
      ),
    ).toBe("New password must not start or end with a space.");
    expect(
      invalid(
        "1 validation error detected: Value at 'authParameters.USERNAME' failed to satisfy constraint: " +
          "Member must have length greater than or equal to 1",
      ),
    ).toBe("Enter your email address.");
    // A member the user never typed keeps the general sentence.
    expect(invalid("1 validation error detected: Value at 'clientId' failed to satisfy constraint: x")).toBe(
      "Some of the details are not valid. Check each field and try again.",
    );
  });

  it("exposes the stable name", () => {
    expect(errorName(err("CodeMismatchException"))).toBe("CodeMismatchException");
    expect(errorName(42)).toBe("Error");
  });
});
