import { stripMarkdown } from '../../../extension/src/core/inline/filters/strip-markdown';
import { describeGolden } from './golden';

describeGolden('strip-markdown', stripMarkdown);
