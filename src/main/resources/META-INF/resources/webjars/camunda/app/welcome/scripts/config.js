// SOPFlow's configuration of Camunda Welcome (served in place of the webapp's default config.js).
export default {
  app: {
    name: 'Welcome',
    vendor: 'SOPFlow'
  }
};
