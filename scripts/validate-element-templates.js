#!/usr/bin/env node
// Validates Camunda Modeler element templates against Camunda's element-templates JSON schema
// (npm @camunda/element-templates-json-schema) with ajv. Usage: node scripts/validate-element-templates.js FILE...
// Exit 0 when every file is valid; otherwise prints each error as "file: path message" and exits 1.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
let failed = 0;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('no element templates given');
  process.exit(2);
}
for (const file of files) {
  let templates;
  try {
    templates = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  for (const template of Array.isArray(templates) ? templates : [templates]) {
    if (!validate(template)) {
      failed++;
      for (const error of validate.errors) {
        console.error(`${file}: ${template.id || '?'} ${error.instancePath || '/'} ${error.message}`);
      }
    } else {
      console.log(`${file}: ${template.id} v${template.version} valid`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
