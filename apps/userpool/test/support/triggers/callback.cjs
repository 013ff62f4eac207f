// CommonJS, callback style, as the Cognito developer guide's examples are written.
exports.handler = (event, _context, callback) => {
  if (event.request.userAttributes && event.request.userAttributes.email === "fail@example.com") {
    callback(new Error("callback says no"));
    return;
  }
  event.response.autoConfirmUser = true;
  setImmediate(() => callback(null, event));
};
