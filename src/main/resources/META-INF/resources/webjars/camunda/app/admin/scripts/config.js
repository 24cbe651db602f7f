// SOPFlow's configuration of Camunda Admin (served in place of the webapp's default config.js).
export default {
  app: {
    name: 'Admin',
    vendor: 'SOPFlow'
  }
};
