// ESM with only a default export holding the handler.
export default {
  handler: async (event) => ({ ...event, response: { ...event.response, autoConfirmUser: true } }),
};
