import { describe, expect, it } from "vitest";
import {
  CodeMismatchException,
  CognitoError,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  UsernameExistsException,
} from "../errors/cognitoErrors.js";
import { COMPROMISED_PASSWORD } from "../services/risk/threatProtection.js";
import { HostedFormError, hostedErrorText, passwordRules } from "./errorText.js";

const policy = {
  MinimumLength: 10,
  RequireLowercase: true,
  RequireUppercase: false,
  RequireNumbers: true,
  RequireSymbols: false,
  TemporaryPasswordValidityDays: 7,
};
const ctx = { policy, usernameNoun: "email address" };

describe("hostedErrorText", () => {
  it("names the password rule broken and lists the pool's rules, for both of Cognito's wordings", () => {
    expect(passwordRules(policy)).toBe("at least 10 characters, a lower-case letter and a number");
    const cases: [string, string][] = [
      ["Password did not conform with policy: Password not long enough", "too short: it needs at least 10"],
      ["Password does not conform to policy: Password must have lowercase characters", "a lower-case letter (a–z)"],
      ["Password did not conform with policy: Password must have uppercase characters", "an upper-case letter"],
      ["Password did not conform with policy: Password must have numeric characters", "a number (0–9)"],
      ["Password did not conform with policy: Password must have symbol characters", "a symbol, such as"],
    ];
    for (const [message, rule] of cases) {
      const text = hostedErrorText(new InvalidPasswordException(message), ctx);
      expect(text).toContain(rule);
      expect(text).toMatch(/A password here needs at least 10 characters, a lower-case letter and a number\.$/);
      expect(text).not.toMatch(/conform|Password must/);
    }
    expect(hostedErrorText(new InvalidPasswordException(COMPROMISED_PASSWORD), ctx)).toMatch(/data breach/);
  });

  it("says which field an InvalidParameterException is about", () => {
    const said = (m: string) => hostedErrorText(new InvalidParameterException(m), ctx);
    expect(said("Invalid email address format.")).toMatch(/^The email address is not valid/);
    expect(said("Username should be an email.")).toMatch(/^The email address is not valid.*128 characters/);
    expect(
      hostedErrorText(new InvalidParameterException("Username should be an email."), { usernameNoun: "username" }),
    ).toMatch(/^The username is not valid/);
    expect(
      said(
        "1 validation error detected: Value at 'confirmationCode' failed to satisfy constraint: " +
          "Member must satisfy regular expression pattern: [\\S]+",
      ),
    ).toMatch(/^The code is not valid/);
    expect(said("Something nobody planned for.")).toBe(
      "Some of the details are not valid. Check each field and try again.",
    );
  });

  it("keeps the pages' own sentences and the trigger's message; never shows an unknown error's text", () => {
    expect(hostedErrorText(new HostedFormError("Accept the terms of use."), ctx)).toBe("Accept the terms of use.");
    expect(
      hostedErrorText(
        new CognitoError("UserLambdaValidationException", "PreSignUp failed with error Not invited."),
        ctx,
      ),
    ).toBe("This app did not accept the request: Not invited.");
    expect(hostedErrorText(new UsernameExistsException(), ctx)).toBe(
      "An account with this email address already exists. Sign in, or reset your password if you forgot it.",
    );
    expect(hostedErrorText(new CodeMismatchException("Invalid code received for user"), ctx)).toBe(
      "The code is not right. Check it and try again.",
    );
    expect(hostedErrorText(new NotAuthorizedException("Incorrect username or password."), ctx)).toBe(
      "The email address or password is not right.",
    );
    const internal = hostedErrorText(new CognitoError("InvalidUserPoolConfigurationException", "SES role xyz"), ctx);
    expect(internal).not.toContain("SES");
  });
});
