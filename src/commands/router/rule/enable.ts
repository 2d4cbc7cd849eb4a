import { ruleChangeCommand } from './change.js';

export default ruleChangeCommand('enable', 'switch a rule on');
