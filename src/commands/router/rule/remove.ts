import { ruleChangeCommand } from './change.js';

export default ruleChangeCommand('remove', 'routers stop applying it; its history stays');
