"""Incentive and restraint (INC-1 … INC-8): goals, scores, pay, assessment, democratic life."""
