// SOPFlow's configuration of Camunda Cockpit (served in place of the webapp's default config.js).
export default {
  app: {
    name: 'Cockpit',
    vendor: 'SOPFlow'
  }
};
