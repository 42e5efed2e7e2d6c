export { count } from '../../../shared/text/words';
