import { ruleChangeCommand } from './change.js';

export default ruleChangeCommand('disable', 'switch a rule off (it stays listed)');
