"""Property oversight service (红色物业): companies, owners' committees, inspections, evaluation."""
