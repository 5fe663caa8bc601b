"""Learning and training (SPEC LRN-1 … LRN-6): study plans, study days, monthly study reports, training, spot checks, qualification exams."""
